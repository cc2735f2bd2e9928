"""The chat's handlers (ui/app.py) over the session's index: the answer check's box in Settings reaches the
pipeline, with a stand-in local model whose replies carry log probabilities (tests/rag/llm/test_check.py)."""
from __future__ import annotations

import pytest

from rag.config import Settings
from rag.llm import backends
from rag.llm.check import NOT_STATED
from tests.rag.llm.test_check import judge, logprobs
from ui import app

QUESTION = "秘书长承诺与安理会建立什么样的关系？"


@pytest.fixture(scope="module")
def pipeline(session_index):
    from rag.pipeline import RagPipeline

    return RagPipeline(Settings.from_env(index_dir=session_index))


def last_message(handlers: app.ChatHandlers, **kw) -> str:
    *_, final = handlers.respond(QUESTION, [], [], 3, **kw)
    return final[1][-1]["content"]


def test_the_check_box_refuses_through_the_local_model_only_when_ticked(pipeline, monkeypatch):
    model = judge(reply=logprobs(yes=0.1, no=0.9))
    monkeypatch.setattr(app, "check_backend", lambda name, settings: None)
    monkeypatch.setattr(backends, "make_chat_model", lambda name, settings=None: model)
    handlers = app.ChatHandlers(pipeline, 3)
    assert handlers.can_check
    assert NOT_STATED["zh"] not in last_message(handlers, check=False) and not model.calls
    assert NOT_STATED["zh"] in last_message(handlers, check=True) and model.calls


def test_without_the_local_model_the_box_is_hidden_and_changes_nothing(pipeline, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "check_backend", lambda name, settings: "the local model is not prepared")
    handlers = app.ChatHandlers(pipeline, 3)
    assert not handlers.can_check
    assert last_message(handlers, check=True) == last_message(handlers, check=False)
    assert NOT_STATED["zh"] not in last_message(handlers, check=True)
