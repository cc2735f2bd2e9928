"""Integration: the real local model (make setup-llm) answers three development questions, cited and verified."""
from __future__ import annotations

import pytest

from rag.answers.modes import make_composer
from rag.config import Settings
from tests.tuning import tune


MODEL = Settings().llm.model_path

pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(not MODEL.is_file(), reason=f"{MODEL.name} not prepared (make setup-llm)"),
]

QUESTIONS = [  # from shared/eval/dev.jsonl: (question, language, one of the expected facts)
    ("这次公开辩论是哪一天举行的？", "zh", ("1月10日", "1 月 10 日")),
    ("When was the open debate held?", "en", ("10 January", "January 10", "1月10日")),  # the last: a fallback's quote
    ("What is the capital of Sweden?", "en", None),  # must be refused, never "Stockholm"
]


@pytest.fixture(scope="module")
def pipeline():
    from rag.pipeline import RagPipeline


    # generous time limits: this test checks what the model answers, not how fast (a busy machine is slower; the
    # time limits are tested with stub endpoints and the speed in benchmarks/)
    settings = tune(Settings.from_env(), llm_first_token_timeout=120.0, llm_timeout=300.0)
    holder = {}
    p = RagPipeline(settings, composer=make_composer("local", settings, encoders=lambda: holder["p"].encoders))
    holder["p"] = p
    return p


@pytest.mark.parametrize("question,language,facts", QUESTIONS)
def test_local_model_answers_in_the_question_language(pipeline, question, language, facts):
    a = pipeline.ask(question)
    d = a.to_dict()
    assert a.language == language
    if facts is None:
        assert a.status == "not_found" and "Stockholm" not in a.answer
        return
    assert a.status == "answered", d
    assert all(c.quote and c.quote in c.passage.text for c in a.citations)
    if language == "zh":  # the model answers this one reliably: it must be generated, not a fallback
        assert a.mode == "local", d
    if a.mode == "local":  # generated and verified (an English fallback is allowed, but must say so)
        assert d["answer_language"] == language and all(v["supported"] for v in d["verified"] if v["citations"])
    else:
        assert a.notice
    assert any(f.replace(" ", "") in a.answer.replace(" ", "") for f in facts), d["answer"]


def test_english_answer_is_written_without_chinese(pipeline):
    """Without the token mask the model copied the Chinese source sentence here, twice (dev question d19)."""
    from rag.analysis.text import has_cjk

    a = pipeline.ask("Who bears the primary responsibility for ending conflicts?")
    d = a.to_dict()
    assert a.status == "answered" and a.mode == "local", d
    assert not has_cjk(a.answer) and not has_cjk(d["generated"]), d["generated"]
    assert all(c.quote in c.passage.text for c in a.citations)
    assert any("结束冲突的主要责任" in c.quote for c in a.citations)


def test_mask_keeps_the_model_from_writing_chinese_even_when_told_to(pipeline):
    from langchain_core.messages import HumanMessage

    from rag.llm.token_mask import generation_kwargs
    from rag.analysis.text import has_cjk

    model = pipeline.composer.chat_model()
    ask = [HumanMessage("把这句话原样抄写一遍：会员国强调，结束冲突的主要责任在国家本身。")]
    assert has_cjk(model.invoke(ask, max_tokens=24).content)
    assert not has_cjk(model.invoke(ask, max_tokens=24, **generation_kwargs(model, "en")).content)
