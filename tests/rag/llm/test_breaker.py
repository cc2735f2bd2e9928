"""The circuit breaker (rag/llm/breaker.py) on a hand-driven clock, and the answerer resting a failing backend."""
from dataclasses import replace

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from llm_data import P1, P2, P3, make_retrieval, generative
from rag.llm.breaker import CircuitBreaker
from tests.tuning import tune


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_opens_after_repeated_failures_and_lets_one_trial_through_after_the_cooldown():
    clock = Clock()
    b = CircuitBreaker(failures=2, cooldown_s=60, clock=clock)
    assert b.allow()
    b.failure()
    assert b.allow()  # one failure is not enough
    b.failure()
    assert not b.allow() and b.retry_in() == 60
    clock.now = 59
    assert not b.allow()
    clock.now = 61
    assert b.allow() and not b.allow()  # one trial, not a flood
    b.failure()  # the trial failed: another cool-down
    assert not b.allow()
    clock.now = 122
    assert b.allow()
    b.success()
    assert b.allow() and b.allow() and b.retry_in() == 0


def test_a_success_resets_the_count():
    b = CircuitBreaker(failures=2, cooldown_s=60, clock=Clock())
    b.failure()
    b.success()
    b.failure()
    assert b.allow()


def test_rejects_nonsense():
    with pytest.raises(ValueError):
        CircuitBreaker(failures=0, cooldown_s=1)


class Down(FakeListChatModel):
    calls: int = 0

    def _stream(self, *a, **kw):
        self.calls += 1
        raise ConnectionError("connection refused")
        yield


def test_a_backend_that_keeps_failing_is_rested_and_answers_come_at_once(settings):
    model = Down(responses=["x"])
    g = generative(tune(settings, llm_breaker_failures=2, llm_breaker_cooldown=300), "openai",
                           chat_model=model)
    r = make_retrieval("这次公开辩论是哪一天举行的？", [P1, P2, P3])
    for _ in range(2):
        a = g.answer(r)
        assert a.fallback.kind == "error" and "ConnectionError" in a.notice
    a = g.answer(r)  # the breaker is open: the model is not asked
    assert model.calls == 2 and a.fallback.kind == "error" and "failed several times" in a.notice
    assert a.status == "answered" and a.citations


def test_a_busy_local_model_is_waited_for_only_so_long():
    """A request that finds the shared local model busy (a hung generation) gives up after its timeout instead of
    queueing behind it; remote models take no lock."""
    import threading
    import time

    from rag.llm.backends import ModelBusy, generation_lock
    from rag.llm.xllama import ChatXLlamaCpp

    local = ChatXLlamaCpp(model_path="unused.gguf")  # never loaded here
    held, release = threading.Event(), threading.Event()

    def hang():
        with generation_lock(local):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hang)
    t.start()
    held.wait(5)
    t0 = time.monotonic()
    with pytest.raises(ModelBusy):
        with generation_lock(local, timeout=0.2):
            pass
    assert time.monotonic() - t0 < 2
    with generation_lock(FakeListChatModel(responses=["x"]), timeout=0.2):
        pass  # a remote model is not held up
    release.set()
    t.join()
