"""Load test: many users asking at once through the real server's `ask` endpoint (gradio_client), as programs do.

    python benchmarks/load_test.py [--users 50] [--questions 4] [--url http://127.0.0.1:7860/]

Without --url it starts `python -m rag serve` on a free port (extractive answers, the default), waits until it
answers, and stops it at the end. Each user is a thread with its own client that asks its questions one after the
other (taken in turn from the development questions, so users ask different things). Prints the latency of every
request (median, 95th percentile, maximum), the requests answered per second, and the failures.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
sys.path.insert(0, str(ROOT))

from rag.evaluation.score import percentile  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer within {timeout_s:g} s")


def run(url: str, users: int, per_user: int, questions: list[str]) -> dict:
    from gradio_client import Client

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(k: int) -> None:
        client = Client(url, verbose=False, download_files=False, httpx_kwargs={"timeout": 120})
        start.wait()
        for j in range(per_user):
            q = questions[(k * per_user + j) % len(questions)]
            t0 = time.perf_counter()
            try:
                a = client.predict(q, api_name="/ask")
                ok = isinstance(a, dict) and a.get("status") in ("answered", "not_found")
            except Exception as e:  # counted, not fatal
                ok, a = False, repr(e)
            with lock:
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    failures.append(str(a)[:200])

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"users": users, "requests": len(latencies), "failures": len(failures),
            "p50_s": round(percentile(latencies, 0.5), 2), "p95_s": round(percentile(latencies, 0.95), 2),
            "max_s": round(max(latencies, default=0.0), 2), "requests_per_s": round(len(latencies) / wall, 1),
            "first_failures": failures[:3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--questions", type=int, default=4, help="questions per user")
    ap.add_argument("--url", help="a running server; default: start one")
    ap.add_argument("--dev", type=Path, default=DEV)
    args = ap.parse_args()
    questions = [json.loads(line)["question"] for line in args.dev.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    proc = None
    url = args.url
    if url is None:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        proc = subprocess.Popen([sys.executable, "-m", "rag", "serve", "--port", str(port)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
        wait_until_up(url, proc)
    try:
        print(json.dumps(run(url, args.users, args.questions, questions)))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
