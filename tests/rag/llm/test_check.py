"""The local model's check of a decided answer (rag/llm/check.py), with stand-in chat models whose replies carry
log probabilities: the yes/no reading, the refusal it makes, and that a check that cannot be made changes nothing."""
from __future__ import annotations

import logging
import math
from dataclasses import replace
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from rag.config import AnswerabilitySettings, Settings, SettingsError
from rag.llm import backends
from rag.llm.check import NOT_STATED, AnswerCheck, CheckError, check_decision, passage_of, yes_probability
from rag.types import Decision


@pytest.fixture(scope="module")
def pipeline(session_index):
    """The pipeline over the session's index (this folder's `settings` fixture is a function's)."""
    from rag.pipeline import RagPipeline

    p = RagPipeline(Settings.from_env(index_dir=session_index))
    p.warm_up()
    return p


def logprobs(**tokens: float) -> dict:
    """OpenAI's layout for a first token with these alternatives and probabilities."""
    top = [{"token": t, "logprob": math.log(p)} for t, p in tokens.items()]
    return {"content": [{"token": top[0]["token"], "logprob": top[0]["logprob"], "top_logprobs": top}]}


class Judge(BaseChatModel):
    """Replies with fixed log probabilities and remembers what it was shown and asked."""

    reply: Any = None
    fails: bool = False
    calls: list = []

    @property
    def _llm_type(self) -> str:
        return "judge-stub"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        self.calls.append((messages, kwargs))
        if self.fails:
            raise ConnectionError("the model is gone")
        message = AIMessage(content="no", response_metadata={"logprobs": self.reply})
        return ChatResult(generations=[ChatGeneration(message=message)])


def judge(**kw) -> Judge:
    return Judge(calls=[], **kw)


def test_the_reading_is_yes_against_no_among_the_first_tokens_alternatives():
    assert yes_probability(logprobs(yes=0.3, no=0.6, maybe=0.1)) == pytest.approx(1 / 3)
    assert yes_probability(logprobs(No=0.5, **{" Yes": 0.5})) == pytest.approx(0.5)  # case and spacing do not matter
    with pytest.raises(CheckError):
        yes_probability(logprobs(perhaps=0.9, maybe=0.1))
    with pytest.raises(CheckError):
        yes_probability(None)


@pytest.mark.parametrize("threshold", [0, 1, -0.5, 1.5])
def test_rejects_a_threshold_outside_zero_and_one(threshold):
    with pytest.raises(ValueError):
        AnswerCheck(judge(), threshold)
    with pytest.raises(SettingsError):
        AnswerabilitySettings(llm_check_threshold=threshold)


def test_an_answer_read_as_not_stated_is_refused_in_the_questions_language(pipeline):
    for question, language in [("秘书长承诺与安理会建立什么样的关系？", "zh"),
                               ("What relationship did the Secretary-General commit to with the Council?", "en")]:
        decision = pipeline.decide(pipeline.retrieve(question))
        assert decision.answerable
        model = judge(reply=logprobs(yes=0.2, no=0.8))
        refused = AnswerCheck(model, 0.35).review(decision)
        assert refused.refusal.reason == "not_stated" and refused.refusal.message == NOT_STATED[language]
        assert refused.refusal.probability == pytest.approx(0.2) and refused.selected == decision.selected
        shown = model.calls[0][0][-1].content
        assert question in shown and passage_of(decision) in shown
        assert model.calls[0][1]["logprobs"] is True and model.calls[0][1]["max_tokens"] == 1
        assert AnswerCheck(judge(reply=logprobs(yes=0.4, no=0.6)), 0.35).review(decision) is decision


def test_the_passage_shown_is_in_the_questions_language(pipeline):
    decision = pipeline.decide(pipeline.retrieve("What relationship did the Secretary-General commit to with the "
                                                 "Council?"))
    shown = passage_of(decision)
    assert shown and not any("\u4e00" <= ch <= "\u9fff" for ch in shown)


def test_a_turn_is_shown_with_its_speaker_and_an_answer_across_languages_is_not_checked():
    from rag.analysis.query import analyze
    from rag.types import Passage, Retrieval, SentenceHit, Span, Speaker, VersionSentence

    def turn(pid: str, text: str, speaker: Speaker | None) -> SentenceHit:
        p = Passage(pid, "S/PV.1", "2", (), 1, text, ((0, len(text)),), "en", speaker=speaker)
        return SentenceHit(p, 0, len(text), text, 1.0, 0, (VersionSentence("en", "official", p, Span(0, len(text), text)),))

    fu = Speaker("Mr. Fu", "China", "Chinese")
    chosen = (turn("a", "We support early warning.", fu), turn("b", "Mediation matters.", fu),
              turn("c", "I give the floor to the next speaker.", Speaker("The President")))
    q = analyze("What did China say about early warning?")
    decision = Decision(Retrieval(query=q, hits=[], sentences=list(chosen)), chosen)
    assert passage_of(decision) == ("Mr. Fu (China): We support early warning. Mediation matters. "
                                    "The President: I give the floor to the next speaker.")
    model = judge(reply=logprobs(yes=0.01, no=0.99))
    assert AnswerCheck(model).review(decision).refusal.reason == "not_stated"
    across = Decision(Retrieval(query=analyze("中国对预警说了什么？"), hits=[], sentences=list(chosen)), chosen)
    assert AnswerCheck(model).review(across) is across and len(model.calls) == 1  # no Chinese version: not checked


def test_a_refusal_is_never_turned_into_an_answer(pipeline):
    decision = pipeline.decide(pipeline.retrieve("What is the capital of Sweden?"))
    assert not decision.answerable
    model = judge(reply=logprobs(yes=0.99, no=0.01))
    assert AnswerCheck(model).review(decision) is decision and not model.calls


def test_a_check_that_cannot_be_made_leaves_the_decision_and_rests_the_model(pipeline, caplog):
    settings = replace(pipeline.settings, answerability=replace(pipeline.settings.answerability, llm_check=True))
    decision = pipeline.decide(pipeline.retrieve("秘书长承诺与安理会建立什么样的关系？"))
    failing = AnswerCheck(judge(fails=True))
    with caplog.at_level(logging.WARNING, logger="rag.llm.check"):
        for _ in range(settings.llm.breaker_failures + 2):
            assert check_decision(decision, settings, failing) is decision
    assert len(failing.model.calls) == settings.llm.breaker_failures  # then the breaker keeps it from being asked
    assert "the decision stands" in caplog.text
    backends.reset_breakers()
    silent = AnswerCheck(judge(reply=logprobs(maybe=1.0)))
    assert check_decision(decision, settings, silent) is decision


def test_a_busy_model_leaves_the_decision_and_counts_as_no_failure(pipeline, monkeypatch):
    from contextlib import contextmanager

    @contextmanager
    def busy(model, timeout=None):
        raise backends.ModelBusy("the local model is busy with another answer (waited 10 s)")
        yield

    monkeypatch.setattr(backends, "generation_lock", busy)
    settings = pipeline.settings
    decision = pipeline.decide(pipeline.retrieve("秘书长承诺与安理会建立什么样的关系？"))
    check = AnswerCheck(judge(reply=logprobs(yes=0.1, no=0.9)))
    for _ in range(settings.llm.breaker_failures + 1):
        assert check_decision(decision, settings, check) is decision
    assert not check.model.calls and backends.breaker_for("check", settings).allow()


def test_the_pipeline_checks_its_answers_when_the_setting_is_on(pipeline, monkeypatch):
    model = judge(reply=logprobs(yes=0.1, no=0.9))
    monkeypatch.setattr(backends, "make_chat_model", lambda name, settings=None: model)
    on = pipeline.with_settings(replace(pipeline.settings,
                                        answerability=replace(pipeline.settings.answerability, llm_check=True)))
    question = "秘书长承诺与安理会建立什么样的关系？"
    assert pipeline.ask(question).status == "answered" and not model.calls  # off by default
    answer = on.ask(question).to_dict()
    assert answer["status"] == "not_found" and NOT_STATED["zh"] in answer["answer"]
    assert answer["answerable_probability"] == pytest.approx(0.1) and answer["closest"]
    model.reply = logprobs(yes=0.9, no=0.1)
    assert on.ask(question).status == "answered"


def test_without_the_local_model_the_setting_changes_no_answer(pipeline, tmp_path):
    settings = replace(pipeline.settings,
                       answerability=replace(pipeline.settings.answerability, llm_check=True),
                       llm=replace(pipeline.settings.llm, model_path=tmp_path / "missing.gguf"))
    question = "秘书长承诺与安理会建立什么样的关系？"
    assert pipeline.with_settings(settings).ask(question).answer == pipeline.ask(question).answer


def test_the_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAG_ANSWERABILITY_LLM_CHECK", "1")
    monkeypatch.setenv("RAG_ANSWERABILITY_LLM_CHECK_THRESHOLD", "0.4")
    a = Settings.from_env().answerability
    assert a.llm_check is True and a.llm_check_threshold == 0.4


MODEL = Settings().llm.model_path


@pytest.mark.parametrize("passage,stated,unstated", [
    ("The working group met in Nairobi on 4 May and agreed to publish its findings in June.",
     "When will the working group publish its findings?", "How many experts sat on the working group?"),
    ("特使访问了三个邻国，并呼吁各方立即停火。", "特使呼吁各方做什么？", "特使为什么拒绝访问邻国？"),
])
@pytest.mark.llm
@pytest.mark.skipif(not MODEL.is_file(), reason=f"{MODEL.name} not prepared (make setup-llm)")
def test_the_local_model_reads_a_stated_fact_above_the_threshold_and_an_unstated_one_below(passage, stated, unstated):
    from rag.llm.backends import make_chat_model

    check = AnswerCheck(make_chat_model("local", Settings.from_env()), Settings().answerability.llm_check_threshold)
    assert check.probability(stated, passage) >= check.threshold > check.probability(unstated, passage)


@pytest.mark.llm
@pytest.mark.skipif(not MODEL.is_file(), reason=f"{MODEL.name} not prepared (make setup-llm)")
def test_with_the_local_models_check_an_uncovered_fact_is_refused_and_a_stated_one_answered(pipeline):
    """Made-up questions whose every word is in the document: the lexical decision alone answers them all."""
    on = pipeline.with_settings(replace(pipeline.settings,
                                        answerability=replace(pipeline.settings.answerability, llm_check=True)))
    for uncovered in ("What did the Secretary-General say the cost of prevention would be?",
                      "秘书长关于宗教领袖在选举中的作用说了什么？"):
        assert pipeline.ask(uncovered).status == "answered"
        refused = on.ask(uncovered)
        assert refused.status == "not_found", refused.answer
    for stated in ("What did the Secretary-General call for?", "与会者强调了青年人在哪方面的作用？"):
        assert on.ask(stated).status == "answered"
