"""Conversations (rag/conversation/turn.py): the follow-up rule, and one chat turn with stand-in pipelines (combined
searches, LLM rewriting)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.answers.quoted import ExtractiveAnswerer
from rag.config import Settings
from rag.conversation.turn import ask_turn, previous_questions, stream_turn
from rag.conversation.followup import is_followup, retrieval_query

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


# -- the follow-up rule ------------------------------------------------------------------------------------
WAR_EN = "Did the Secretary-General say war is inevitable?"


def test_first_question_is_searched_alone():
    assert retrieval_query(WAR, []) == WAR
    assert retrieval_query(WAR_EN) == WAR_EN


def test_chinese_followups_are_combined_with_the_previous_question():
    for q in ["他还说了什么？", "那妇女呢？", "还有什么？", "为什么？", "此外呢", "她们能发挥什么作用呢？"]:
        assert is_followup(q, WAR), q
        assert retrieval_query(q, ["其他问题", WAR]) == f"{WAR} {q}"


def test_english_followups_are_combined_with_the_previous_question():
    for q in ["What else did he say?", "And what about women?", "Why?", "what about the Council",
              "How should they do it?", "Tell me more about that point."]:
        assert is_followup(q, WAR_EN), q
        assert retrieval_query(q, [WAR_EN]) == f"{WAR_EN} {q}"


def test_standalone_questions_are_not_followups():
    for q in ["妇女在预防冲突中可以担任什么角色？", "安全理事会有哪些预防冲突的工具？"]:
        assert not is_followup(q, WAR), q
    for q in ["Who bears the primary responsibility for ending conflicts?",
              "What role can women play in preventing conflict?"]:
        assert not is_followup(q, WAR_EN), q


def test_no_combination_across_languages_or_without_history():
    assert not is_followup("What else?", WAR)
    assert not is_followup("他还说了什么？", WAR_EN)
    assert not is_followup("他还说了什么？", None)
    assert not is_followup("", WAR)
    assert retrieval_query("What else?", ["", "  "]) == "What else?"


def test_whitespace_is_normalised_in_the_combined_query():
    assert retrieval_query("what  else?", ["Did the  SG speak?\n"]) == "Did the SG speak? what else?"


def test_the_rule_that_rewrites_is_the_rule_that_combines():
    """A stand-alone question that merely mentions 其他 (others) is no follow-up, for either purpose."""
    assert not is_followup("其他会员国提出了哪些建议？", WAR)
    assert is_followup("他们还建议了什么？", WAR)
    assert not is_followup("谢谢！", WAR) and not is_followup("Thanks!", WAR_EN)  # greetings never are
