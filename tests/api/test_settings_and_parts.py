"""The API's parts on their own: settings, the rate limiter, the batching encoder, the answering pool."""
import asyncio
import threading

import pytest

from api.answering import AnsweringPool, ServerFull
from api.guard import RateLimiter
from api.settings import ApiSettings, ApiSettingsError
from tests.api.conftest import run_async
from vectorstore.batching import BatchingEncoder


def test_settings_from_the_environment():
    s = ApiSettings.from_env({"RAG_API_KEY": "k" * 12, "RAG_API_MAX_BODY_BYTES": "2048",
                              "RAG_API_CORS_ORIGINS": "https://a.example, https://b.example"})
    assert s.api_key == "k" * 12 and s.max_body_bytes == 2048
    assert s.cors_origins == ("https://a.example", "https://b.example")
    assert ApiSettings.from_env({}).cors_origins == ()


@pytest.mark.parametrize("env, variable", [({"RAG_API_BURST": "0"}, "RAG_API_BURST"),
                                           ({"RAG_API_WORKERS": "many"}, "RAG_API_WORKERS"),
                                           ({"RAG_API_KEY": "short"}, "RAG_API_KEY")])
def test_bad_settings_name_their_variable(env, variable):
    with pytest.raises(ApiSettingsError, match=variable):
        ApiSettings.from_env(env)


def test_beyond_loopback_a_key_is_required():
    ApiSettings().check_host("127.0.0.1")
    with pytest.raises(ApiSettingsError, match="RAG_API_KEY"):
        ApiSettings().check_host("0.0.0.0")
    ApiSettings(api_key="k" * 12).check_host("0.0.0.0")


def test_rate_limiter_allows_a_burst_then_the_rate():
    limiter = RateLimiter(per_minute=60, burst=3)
    assert [limiter.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a", now=0.0) == pytest.approx(1.0)
    assert limiter.take("b", now=0.0) == 0.0  # another client has its own bucket
    assert limiter.take("a", now=1.0) == 0.0  # one token a second
    assert RateLimiter(per_minute=0, burst=1).take("a") == 0.0  # off


class _Recording:
    def __init__(self):
        self.batches: list[int] = []
        self.gate = threading.Event()

    def embed_queries(self, texts):
        self.gate.wait(5)
        self.batches.append(len(texts))
        return [[float(len(t))] for t in texts]


def test_batching_encoder_gives_every_caller_its_own_vector():
    inner = _Recording()
    enc = BatchingEncoder(inner, max_batch=4)
    texts = ["a" * n for n in range(1, 11)]
    got: dict[str, list[float]] = {}
    threads = [threading.Thread(target=lambda t=t: got.__setitem__(t, enc.embed_query(t))) for t in texts]
    for t in threads:
        t.start()
    inner.gate.set()
    for t in threads:
        t.join(10)
    assert got == {t: [float(len(t))] for t in texts}
    assert sum(inner.batches) == 10 and max(inner.batches) <= 4 and len(inner.batches) < 10


def test_batching_encoder_hands_errors_to_every_caller():
    class Broken:
        def embed_queries(self, texts):
            raise RuntimeError("model gone")

    with pytest.raises(RuntimeError, match="model gone"):
        BatchingEncoder(Broken()).embed_query("x")


def test_pool_answers_in_arrival_order_and_refuses_beyond_its_bound():
    async def main():
        pool = AnsweringPool(workers=1, max_pending=3)
        order: list[int] = []
        gate = threading.Event()
        first = asyncio.ensure_future(pool.run(gate.wait, 5))
        await asyncio.sleep(0.05)
        rest = [asyncio.ensure_future(pool.run(order.append, k)) for k in (1, 2)]
        await asyncio.sleep(0.05)
        with pytest.raises(ServerFull):
            await pool.run(order.append, 3)
        gate.set()
        await asyncio.gather(first, *rest)
        items = [x async for x in pool.iterate(lambda: iter(["a", "b"]))]
        pool.shutdown()
        return order, items

    order, items = run_async(main())
    assert order == [1, 2] and items == ["a", "b"]


def test_serving_beyond_loopback_without_a_key_is_refused_before_anything_loads():
    import os
    import subprocess
    import sys

    from tests.serving import ROOT, free_port

    env = {k: v for k, v in os.environ.items() if k != "RAG_API_KEY"}
    r = subprocess.run([sys.executable, "-m", "rag", "serve", "--host", "0.0.0.0", "--port", str(free_port())],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 4 and "RAG_API_KEY" in r.stderr
