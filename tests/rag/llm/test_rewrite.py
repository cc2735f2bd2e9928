"""Follow-up questions become stand-alone ones; greetings and stand-alone questions pass through untouched."""
from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.conversation.followup import is_followup
from rag.llm.rewrite import clean_rewrite, format_history, rewrite

HISTORY = [
    {"role": "user", "content": "秘书长提到要确保哪些人的参与？"},
    {"role": "assistant", "content": "秘书长提到要确保妇女和女孩的参与。[1]"},
]
EN_HISTORY = [("Who organised the open debate?", "Sweden organised it, as president of the Council in January [1].")]


class Boom(FakeListChatModel):
    def _call(self, *a, **kw):
        raise TimeoutError("read timed out")


def fake(*responses):
    # A spare last response: FakeListChatModel's call counter `i` wraps to 0 after the last one.
    return FakeListChatModel(responses=[*responses, "SPARE"])


def test_follow_up_is_rewritten():
    model = fake("秘书长为什么强调确保妇女和女孩的参与？")
    r = rewrite("她们为什么重要？", HISTORY, model)
    assert r.rewritten and r.question == "秘书长为什么强调确保妇女和女孩的参与？" and r.original == "她们为什么重要？"
    assert model.i == 1


def test_english_follow_up_with_tuple_history():
    r = rewrite("What else did they do?", EN_HISTORY, fake("What else did Sweden do as president of the Council?"))
    assert r.rewritten and "Sweden" in r.question


def test_no_history_no_rewrite():
    model = fake("SHOULD NOT BE USED")
    for h in (None, []):
        r = rewrite("她们为什么重要？", h, model)
        assert not r.rewritten and r.question == "她们为什么重要？"
    assert model.i == 0


def test_greeting_is_never_rewritten():
    model = fake("秘书长为什么强调妇女的参与？")
    for g in ("你好", "Hello!", "谢谢！", "thanks", "Hi there"):
        r = rewrite(g, HISTORY, model)
        assert r.question == g and not r.rewritten and r.reason == "greeting"
    assert model.i == 0


def test_stand_alone_question_is_never_rewritten():
    model = fake("DISTORTED")
    for q in ("这次公开辩论是哪一天举行的？", "举行这次辩论的目的是什么？", "Which country presided over the Security Council in January 2017?",
              "What did the Secretary-General say about the 2030 Agenda?", "其他会员国提出了哪些建议？"):
        assert not is_followup(q, HISTORY[0]["content"]), q
        assert rewrite(q, HISTORY, model).question == q
    assert model.i == 0


def test_cues_detected():
    for q in ("它的目的是什么？", "他们还说了什么？", "那么青年呢？", "为什么？"):
        assert is_followup(q, HISTORY[0]["content"]), q
    for q in ("What about young people?", "Why?", "What did they propose?", "And its purpose?"):
        assert is_followup(q, EN_HISTORY[0][0]), q


def test_bad_rewrites_are_discarded():
    q = "她们为什么重要？"
    assert clean_rewrite("", q) is None
    assert clean_rewrite("Why are women important?", q) is None  # language changed
    assert clean_rewrite("因为她们能促进和平。[1]", q) is None  # an answer, not a question
    assert clean_rewrite("x" * 200, q) is None
    assert clean_rewrite("她们在预防冲突中扮演着关键角色。", q) is None  # a statement (an answer), not a question
    assert clean_rewrite("青年呢？", "那么青年呢？") is None  # shorter: lost context instead of adding it
    assert clean_rewrite("问题：为什么妇女和女孩的参与很重要？\n解释……", q) == "为什么妇女和女孩的参与很重要？"
    r = rewrite(q, HISTORY, fake("Why are women important?"))
    assert r.question == q and not r.rewritten and r.reason == "unusable rewrite"


def test_failing_model_keeps_the_question():
    r = rewrite("她们为什么重要？", HISTORY, Boom(responses=["x"]))
    assert r.question == "她们为什么重要？" and not r.rewritten and "TimeoutError" in r.reason


def test_history_formats():
    text = format_history(HISTORY + [("user", "他们是谁？")])
    assert "User: 秘书长提到" in text and "[1]" not in text and "User: 他们是谁？" in text
