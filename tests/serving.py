"""Start a server process the way a user does, wait until it answers, always stop it (UI and endpoint tests)."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, timeout: float = 5) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def serving(cmd: list[str], ready_url: str, log_path: Path, *, env: dict | None = None, timeout_s: float = 240):
    """Run `cmd` (output to `log_path`) until `ready_url` answers 200; fail the test with the log's tail if it exits
    or stays silent for `timeout_s`; terminate it (then kill) on the way out."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout_s
        while not answers(ready_url):
            if proc.poll() is not None:
                pytest.fail(f"{cmd[2]} exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"{ready_url} did not answer within {timeout_s:g} s:\n"
                            f"{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
