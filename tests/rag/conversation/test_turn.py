"""Conversations (rag/conversation/turn.py): the follow-up rule, and one chat turn with stand-in pipelines (combined
searches, LLM rewriting)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag.answers.quoted import QuotedComposer
from rag.config import GenerationSettings, Settings
from rag.conversation import ask_turn, previous_questions, stream_turn
from rag.conversation.followup import is_followup, retrieval_query
from rag.types import Answer, Citation, Passage, Turn

WAR = "秘书长说战争是不可避免的吗？"
WOMEN = "妇女在预防冲突中可以担任什么角色？"


def _answer(query: str, quotes: list[str]) -> Answer:
    """An answer quoting `quotes` (each its own made-up paragraph)."""
    citations = [Citation(i + 1, Passage(f"D:1:{i + 1}", "D", "1", ("导言",), i + 1, q, ((0, len(q)),)), q)
                 for i, q in enumerate(quotes)]
    return Answer(query, "zh", "answered" if quotes else "not_found", "".join(f"{q}[{i + 1}]" for i, q in
                                                                             enumerate(quotes)), "extractive",
                  citations=citations)


def _turn(question: str, *quotes: str) -> Turn:
    return Turn(question, _answer(question, list(quotes)))


class _FakePipeline:
    """Stands in for RagPipeline: answers from a table keyed by the exact query; a generative composer's
    `chunks` are streamed first."""

    def __init__(self, table, composer=None, settings=None):
        self.settings = settings or Settings(llm=GenerationSettings(model_path=Path("/nonexistent/model.gguf")))
        self.composer = composer or QuotedComposer()
        self.table, self.asked, self.searched = table, [], []

    def stream(self, query, composer=None, top_k=None, documents=None, parts=True):  # parts: splits or not
        self.asked.append(query)
        self.searched.append(documents)
        yield from getattr(composer or self.composer, "chunks", [])
        yield _answer(query, self.table.get(query, []))

    def ask(self, query, composer=None, top_k=None, documents=None):
        return list(self.stream(query, composer, top_k, documents))[-1]


def _generative(replies):
    model = FakeListChatModel(responses=list(replies))
    return SimpleNamespace(generative=True, unavailable=None, backend="local", chat_model=lambda: model, model=model,
                           chunks=["妇女", "可以"])


def test_previous_questions_accepts_lists_messages_and_json():
    assert previous_questions(None) == [] and previous_questions("") == []
    assert previous_questions(["a", "b"]) == ["a", "b"]
    assert previous_questions('["a"]') == ["a"]
    msgs = [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}]
    assert previous_questions(msgs) == ["q1"]
    assert previous_questions('[["q1", "a1"]]') == ["q1"]
    assert previous_questions("just text") == ["just text"]


def test_rule_combines_followups_and_avoids_repeating_the_previous_answer():
    q = "他还强调了什么？"
    fp = _FakePipeline({f"{WAR} {q}": ["A"], q: ["B"], WAR: ["A"]})
    a = ask_turn(fp, q, [WAR]).to_dict()
    assert a["retrieval_query"] == f"{WAR} {q}" and a["question"] == q
    b = ask_turn(fp, q, [WAR], previous_answer=_answer(WAR, ["A"])).to_dict()
    assert [c["quote"] for c in b["citations"]] == ["B"] and "retrieval_query" not in b
    c = ask_turn(fp, WAR, []).to_dict()
    assert "retrieval_query" not in c and fp.asked[-1] == WAR


def test_generative_followup_is_rewritten_by_the_model_before_retrieval():
    standalone = "妇女在预防冲突中还可以发挥哪些作用？"
    gen = _generative([standalone])
    fp = _FakePipeline({standalone: ["甲"]}, composer=gen)
    items = list(stream_turn(fp, "她们还能做什么？", [_turn(WOMEN, "调解人")], gen))
    assert items[:2] == ["妇女", "可以"]  # the model's words stream before the final answer
    assert isinstance(items[-1], Turn)
    final = items[-1].to_dict()
    assert fp.asked == [standalone] and final["retrieval_query"] == standalone
    assert final["question"] == "她们还能做什么？" and final["rewritten"] is True


def test_greeting_and_standalone_questions_never_reach_the_rewriter():
    gen = _generative(["SHOULD NOT BE USED"])
    fp = _FakePipeline({}, composer=gen)
    list(stream_turn(fp, "谢谢！", [Turn(WOMEN, None)], gen))
    list(stream_turn(fp, "Who bears the primary responsibility for ending conflicts?", [Turn(WOMEN, None)], gen))
    assert gen.model.i == 0 and fp.asked == ["谢谢！", "Who bears the primary responsibility for ending conflicts?"]


def test_unusable_rewrite_falls_back_to_the_rule():
    gen = _generative(["妇女可以担任调解人。[1]"])  # an answer, not a question
    fp = _FakePipeline({}, composer=gen)
    final = list(stream_turn(fp, "她们呢？", [Turn(WOMEN, None)], gen))[-1].to_dict()
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


def test_a_conversation_searches_the_documents_chosen_in_every_search_it_makes():
    q = "他还强调了什么？"
    fp = _FakePipeline({f"{WAR} {q}": ["A"], q: ["B"], WAR: ["A"]})
    ask_turn(fp, q, [WAR], previous_answer=_answer(WAR, ["A"]), documents=["S/PV.9001"])
    assert len(fp.searched) == 2 and fp.searched == [["S/PV.9001"]] * 2  # the combined search, then the question alone
    ask_turn(fp, WAR, [])
    assert fp.searched[-1] is None  # none chosen: the whole library
