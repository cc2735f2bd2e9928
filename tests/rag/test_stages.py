"""One path for a question (rag/pipeline.py): the decision to refuse is made once per question, by one function,
whichever composer writes the answer (a fallback reuses it), and every answer goes through the verify stage."""
from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

import rag.answers.decide as deciding
import rag.pipeline as pipeline_module
from rag.answers.quoted import QuotedComposer
from rag.llm.generate import GenerativeComposer
from rag.types import Answer, Citation

QUESTION = "秘书长说战争是不可避免的吗？"


@pytest.fixture
def counted(monkeypatch):
    """Counts the calls of the refusal decision and of the verify stage."""
    calls = {"refuse": 0, "verify": 0}
    refuse, verify = deciding.refuse, pipeline_module.verify

    def counting_refuse(*a, **kw):
        calls["refuse"] += 1
        return refuse(*a, **kw)

    def counting_verify(answer):
        calls["verify"] += 1
        return verify(answer)

    monkeypatch.setattr(deciding, "refuse", counting_refuse)
    monkeypatch.setattr(pipeline_module, "verify", counting_verify)
    return calls


def composers(pipeline):
    quote = "他说，战争从来都不是不可避免的，战争是一种选择；"
    return {
        "quoted": QuotedComposer(),
        "generated": GenerativeComposer(pipeline.settings, "openai",
                                        chat_model=FakeListChatModel(responses=[f"{quote}[1]"])),
        # nothing in the reply can be checked: the quoted answer of the same decision stands in
        "fallback": GenerativeComposer(pipeline.settings, "openai",
                                       chat_model=FakeListChatModel(responses=["天气很好。[1]"])),
    }


@pytest.mark.parametrize("kind", ["quoted", "generated", "fallback"])
@pytest.mark.parametrize("question", [QUESTION, "What is the capital of Sweden?"])
def test_one_decision_and_one_verification_per_question(pipeline, counted, kind, question):
    answer = pipeline.ask(question, composers(pipeline)[kind])
    assert counted == {"refuse": 1, "verify": 1}
    if question == QUESTION:
        assert answer.answered and (answer.fallback is not None) == (kind == "fallback")
    else:
        assert answer.status == "not_found"


def test_a_briefing_decides_at_most_once(pipeline, counted):
    from rag.brief import brief

    brief(pipeline, "调解")
    brief(pipeline, "核武器")
    assert counted["refuse"] <= 2


def test_top_k_reaches_retrieval(pipeline):
    assert len(pipeline.ask(QUESTION, top_k=2).retrieved) == 2
    assert len(pipeline.ask(QUESTION, top_k=7).retrieved) == 7
    assert pipeline.retrieve(QUESTION, top_k=4).top_k == 4


def test_the_verify_stage_removes_a_citation_that_is_not_verbatim(pipeline):
    from rag.answers.verify import verify

    good = pipeline.ask(QUESTION)
    c = good.citations[0]
    forged = Citation(c.n, c.passage, "战争是不可避免的。")  # not in the paragraph
    checked = verify(Answer(good.question, "zh", "answered", f"战争是不可避免的。[{c.n}]", "extractive",
                            citations=[forged]))
    assert checked.citations == [] and f"[{c.n}]" not in checked.answer and checked.notice
    assert verify(good) is good  # a verbatim answer passes unchanged
