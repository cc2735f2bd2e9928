"""Shared fixtures: one pipeline (models and a session index in a temporary folder) for the whole run."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The suite checks the deterministic, offline answerer unless a test names a backend: without this, `auto` would
# pick the local LLM wherever `make setup-llm` has run (tests marked `llm` use it explicitly).
os.environ["RAG_BACKEND"] = "extractive"


@pytest.fixture(scope="session")
def session_index(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index") / "index"


@pytest.fixture(scope="session")
def settings(session_index):
    from rag.config import Settings

    return Settings.from_env(index_dir=session_index)


@pytest.fixture(scope="session")
def pipeline(settings):
    from rag.pipeline import RagPipeline

    p = RagPipeline(settings)
    p.warm_up()
    return p


@pytest.fixture(scope="session")
def run_cli(session_index, pipeline):
    """Run `python -m rag ...` as a user would, against the session's index (built by `pipeline`)."""

    def run(*args: str, stdin: str | bytes | None = None, env: dict | None = None, timeout: int = 180):
        full_env = {**os.environ, "RAG_INDEX_DIR": str(session_index), **(env or {})}
        if isinstance(stdin, bytes):  # raw bytes in, text out
            r = subprocess.run([sys.executable, "-m", "rag", *args], input=stdin, capture_output=True, env=full_env,
                               cwd=ROOT, timeout=timeout)
            return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8", "replace"),
                                               r.stderr.decode("utf-8", "replace"))
        return subprocess.run(
            [sys.executable, "-m", "rag", *args], input=stdin, capture_output=True, text=True,
            env=full_env, cwd=ROOT, timeout=timeout,
        )

    run.index_dir = str(session_index)
    return run
