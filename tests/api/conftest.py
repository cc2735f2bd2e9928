"""The real server for the API tests (`python -m rag serve`, started once per session as a user starts it), with
a key, a rate limit a test can reach from a second loopback address, and a local model that is not there (503)."""
from __future__ import annotations

import pytest

from tests.ui.conftest import running_server

KEY = "test-key-0123456789"
SERVER_ENV = {
    "RAG_API_KEY": KEY,
    "RAG_API_RATE_PER_MINUTE": "60",
    "RAG_API_BURST": "200",  # every test from 127.0.0.1 together stays below it; the flood test goes beyond
    "RAG_LLM_MODEL_PATH": "/nonexistent/unrag-test/model.gguf",  # backend "local" is unavailable: 503
}


@pytest.fixture(scope="session")
def api_url():
    with running_server(env=SERVER_ENV, log_name="server_api.log") as url:
        yield url


@pytest.fixture(scope="session")
def http(api_url):
    import httpx

    with httpx.Client(base_url=api_url, timeout=60, headers={"authorization": f"Bearer {KEY}"}) as client:
        yield client


def assert_verbatim(answer: dict) -> None:
    """Every citation quotes its paragraph verbatim and is marked [n] in the answer; translations too."""
    assert answer["citations"], answer
    for c in answer["citations"]:
        assert c["quote"] and c["quote"] in c["text"], c
        assert f"[{c['n']}]" in answer["answer"]
        assert c["passage_id"].startswith("S_2017_105:")
        if "translation" in c:
            assert c["translation"]["quote"] in c["translation"]["text"]


def run_async(coro):
    """Run a coroutine to its end on a fresh event loop in its own thread (Playwright's sync API, used by the
    browser tests of the same session, keeps a loop running in the main thread)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
