"""One chat turn (ui/conversation.py) with stand-in pipelines: follow-up rules, LLM rewriting, answer modes."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.extractive import ExtractiveAnswerer
from rag.config import Settings
from ui.conversation import (EXTRACTIVE_LABEL, answer_modes, ask_turn, mode_status, previous_questions,
                             stream_turn)

WAR = "秘书长说战争是不可避免的吗？"
WOMEN = "妇女在预防冲突中可以担任什么角色？"


class _Answer:
    def __init__(self, query, quotes):
        self.query, self.quotes = query, quotes

    def to_dict(self):
        return {"question": self.query, "language": "zh", "status": "answered" if self.quotes else "not_found",
                "answer": "".join(self.quotes), "citations": [{"n": i + 1, "quote": q} for i, q in enumerate(self.quotes)],
                "retrieved": []}


class _FakePipeline:
    """Stands in for RagPipeline: answers from a table keyed by the exact query; a generative answerer's
    `chunks` are streamed first."""

    def __init__(self, table, answerer=None, settings=None):
        self.settings = settings or Settings(llm_model_path=Path("/nonexistent/model.gguf"))
        self.answerer = answerer or ExtractiveAnswerer(self.settings)
        self.table, self.asked = table, []

    def stream(self, query, answerer=None):
        self.asked.append(query)
        yield from getattr(answerer or self.answerer, "chunks", [])
        yield _Answer(query, self.table.get(query, []))

    def ask(self, query, answerer=None):
        return list(self.stream(query, answerer))[-1]


def _generative(replies):
    model = FakeListChatModel(responses=list(replies))
    return SimpleNamespace(generative=True, unavailable=None, backend="local", model=model, chunks=["妇女", "可以"])


def test_previous_questions_accepts_lists_messages_and_json():
    assert previous_questions(None) == [] and previous_questions("") == []
    assert previous_questions(["a", "b"]) == ["a", "b"]
    assert previous_questions('["a"]') == ["a"]
    msgs = [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}]
    assert previous_questions(msgs) == ["q1"]
    assert previous_questions('[["q1", "a1"]]') == ["q1"]
    assert previous_questions("just text") == ["just text"]


def test_rule_combines_followups_and_avoids_repeating_the_previous_answer():
    fp = _FakePipeline({f"{WAR} 他还说了什么？": ["A"], "他还说了什么？": ["B"], WAR: ["A"]})
    a = ask_turn(fp, "他还说了什么？", [WAR])
    assert a["retrieval_query"] == f"{WAR} 他还说了什么？" and a["question"] == "他还说了什么？"
    b = ask_turn(fp, "他还说了什么？", [WAR], previous_answer={"citations": [{"quote": "A"}]})
    assert [c["quote"] for c in b["citations"]] == ["B"] and "retrieval_query" not in b
    c = ask_turn(fp, WAR, [])
    assert "retrieval_query" not in c and fp.asked[-1] == WAR


def test_generative_followup_is_rewritten_by_the_model_before_retrieval():
    standalone = "妇女在预防冲突中还可以发挥哪些作用？"
    gen = _generative([standalone])
    fp = _FakePipeline({standalone: ["甲"]}, answerer=gen)
    items = list(stream_turn(fp, "她们还能做什么？", [{"question": WOMEN, "answer": {"answer": "调解人[1]"}}]))
    assert items[:2] == ["妇女", "可以"]  # the model's words stream before the final answer
    final = items[-1]
    assert fp.asked == [standalone] and final["retrieval_query"] == standalone
    assert final["question"] == "她们还能做什么？" and final["rewritten"] is True


def test_greeting_and_standalone_questions_never_reach_the_rewriter():
    gen = _generative(["SHOULD NOT BE USED"])
    fp = _FakePipeline({}, answerer=gen)
    list(stream_turn(fp, "谢谢！", [{"question": WOMEN}]))
    list(stream_turn(fp, "Who bears the primary responsibility for ending conflicts?", [{"question": WOMEN}]))
    assert gen.model.i == 0 and fp.asked == ["谢谢！", "Who bears the primary responsibility for ending conflicts?"]


def test_unusable_rewrite_falls_back_to_the_rule():
    gen = _generative(["妇女可以担任调解人。[1]"])  # an answer, not a question
    fp = _FakePipeline({}, answerer=gen)
    final = list(stream_turn(fp, "她们呢？", [{"question": WOMEN}]))[-1]
    assert fp.asked == [f"{WOMEN} 她们呢？"] and "rewritten" not in final


def test_answer_modes_and_status():
    extractive = _FakePipeline({})
    assert list(answer_modes(extractive)) == [EXTRACTIVE_LABEL] and mode_status(extractive)[0] == "extractive"
    gen = _FakePipeline({}, answerer=_generative([]))
    modes = answer_modes(gen)
    assert list(modes)[0].startswith("生成") and list(modes)[1] == EXTRACTIVE_LABEL
    assert mode_status(gen)[0] == "generated"
    off = ExtractiveAnswerer(Settings(), unavailable="the local model is not prepared (run `make setup-llm`)")
    kind, text = mode_status(_FakePipeline({}, answerer=off))
    assert kind == "off" and "make setup-llm" in text


def test_quoted_answers_are_the_default_and_generated_ones_are_offered_once_the_local_model_is_there(tmp_path):
    import importlib.util

    import pytest

    if importlib.util.find_spec("xllamacpp") is None:
        pytest.skip("xllamacpp is not installed (make setup-llm)")
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")  # present: the model itself loads on the first generated answer
    fp = _FakePipeline({}, settings=Settings(llm_model_path=model))
    modes = answer_modes(fp)
    assert list(modes)[0] == EXTRACTIVE_LABEL and list(modes)[1].startswith("生成 Generated (local")
    assert modes[list(modes)[1]].generative and mode_status(fp)[0] == "extractive"
