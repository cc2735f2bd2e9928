"""Serve the project's GGUF over llama.cpp's OpenAI-compatible HTTP API (xllamacpp), for the `openai` backend.

    python scripts/serve_llm.py [--port 8000] [--host 127.0.0.1] [--threads 2]
    RAG_BACKEND=openai RAG_OPENAI_BASE_URL=http://127.0.0.1:8000/v1 python -m rag serve

The chat never needs this (its `local` backend runs the same model in-process, with no listener); it is an
endpoint like any other OpenAI-compatible server, used by tests/rag/llm/test_endpoints.py to test the `openai` backend
against a real server. Listens on loopback unless told otherwise; runs until interrupted.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from rag.config import Settings

    settings = Settings.from_env()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--threads", type=int, default=settings.llm.threads)
    ap.add_argument("--model", type=Path, default=settings.llm.model_path)
    ap.add_argument("--alias", default=settings.openai.model, help="the model name clients ask for")
    args = ap.parse_args()
    if not args.model.is_file():
        sys.exit(f"error: {args.model} is missing; run `make setup-llm`")

    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(args.model)
    params.model_alias = args.alias
    params.n_ctx = settings.llm.context
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.hostnames = [args.host]
    params.port = args.port
    params.verbosity = 1
    server = xlc.Server(params)
    print(f"serving {args.model.name} as {args.alias!r} on http://{args.host}:{args.port}/v1", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    del server


if __name__ == "__main__":
    main()
