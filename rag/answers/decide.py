"""Can the document answer this question? One calibrated decision over measured signals, shared by every answerer.

The signals (`Evidence`), measured on the retrieval, in the question's own language version:
    coverage        the share of the question's topic words that the version holds anywhere
    unknown_names   1 when the question names a place, a capitalised name or a number no version mentions
    answer_missing  1 when the question asks for a kind of answer (a count, a date, a duration, a place, a document
                    symbol: rag.analysis.words.QUESTION_FRAMES) that the sentences the answer would quote do not hold

Sentence similarity (the best USE or e5 cosine, and how far it stands above the rest) and the number of absent
words were measured too and left out: with them, the nested cross-validation refused more answerable questions and
no more unanswerable ones (README, "When the document does not say").

They are combined by one logistic regression (`AnswerabilityModel`, in `rag.config.Settings`, stored with the
index): the question is answered when the modelled probability that it is answerable reaches the model's
threshold. The model and its threshold are fitted on the development questions and cross-validated by question
(scripts/calibrate_refusal.py prints the figures). A refusal says why in words a reader can check: the names the
document never mentions (only names and numbers, never a function word or a question frame), the kind of answer
that is missing, or that no passage answers the question; the closest passages are listed beside it.

Written by hand: the features are this project's; the model is scikit-learn's, fitted offline, applied here as a
dot product so that answering needs no scikit-learn import.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import NamedTuple

from rag.analysis.text import holds_answer
from rag.types import Retrieval, SentenceHit
from rag.analysis.words import INSTRUCTION

FEATURES = ("coverage", "unknown_names", "answer_missing")

NOT_FOUND = {
    "zh": "文件中没有提到这一点。",
    "en": "The document does not say.",
}
WHY = {
    "names": {"zh": "文件从未提及：{names}。", "en": "The document never mentions: {names}."},
    "answer_missing": {"zh": "问题问的是{kind}，但相关段落中没有。",
                       "en": "The question asks for {kind}, and the passages about it give none."},
    "no_passage": {"zh": "文件中没有回答这个问题的段落。", "en": "No passage of the document answers this question."},
    "instruction": {"zh": "这不是关于文件的问题：本工具只回答 S/2017/105 中写明的内容。",
                    "en": "This is not a question about the document: only what S/2017/105 says is answered here."},
}
KINDS = {
    "quantity": {"zh": "数量", "en": "a number"},
    "date": {"zh": "日期", "en": "a date"},
    "duration": {"zh": "时长或时间", "en": "a duration or a time"},
    "place": {"zh": "国家或地点", "en": "a country or a place"},
    "symbol": {"zh": "文件编号", "en": "a document symbol"},
}


class Evidence(NamedTuple):
    """The signals the decision weighs (see the module docstring), in `FEATURES` order."""

    coverage: float
    unknown_names: float
    answer_missing: float


@dataclass(frozen=True)
class AnswerabilityModel:
    """A logistic regression over standardised `Evidence`: P(answerable) = σ(intercept + Σ w·(x - mean)/scale).

    Defaults: fitted on the 119 development questions (scripts/calibrate_refusal.py); the threshold is the highest at
    which cross-validation refused at most 3% of the answerable questions of each language."""

    weights: tuple[float, ...] = (0.671, -1.047, -1.475)
    intercept: float = 0.784
    means: tuple[float, ...] = (0.709, 0.076, 0.118)
    scales: tuple[float, ...] = (0.245, 0.264, 0.322)
    threshold: float = 0.65

    def __post_init__(self):
        n = len(FEATURES)
        if not (len(self.weights) == len(self.means) == len(self.scales) == n):
            raise ValueError(f"the answerability model needs {n} weights, means and scales ({', '.join(FEATURES)})")
        if any(not math.isfinite(x) for x in (*self.weights, *self.means, *self.scales, self.intercept)):
            raise ValueError("the answerability model's numbers must be finite")
        if any(s <= 0 for s in self.scales):
            raise ValueError("the answerability model's scales must be positive")
        if not 0 < self.threshold < 1:
            raise ValueError(f"the answerability threshold must be between 0 and 1 (got {self.threshold})")

    def probability(self, evidence: Evidence) -> float:
        z = self.intercept + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, evidence, self.means, self.scales))
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict:
        return asdict(self)


class Refusal(NamedTuple):
    """Why the document cannot answer: `message` in the question's language, and the modelled probability."""

    reason: str  # "names", "answer_missing" or "no_passage"
    message: str
    probability: float


def evidence(retrieval: Retrieval, quoted: list[SentenceHit]) -> Evidence:
    """The signals of one retrieval; `quoted`: the sentences an answer would quote."""
    query = retrieval.query
    words = len(query.words)
    coverage = len(retrieval.matched_words) / words if words else 1.0
    missing = 0.0
    if query.expects:
        sentences = [tuple(v.span.text for v in s.versions) or (s.text,) for s in quoted]
        missing = float(not holds_answer(query.expects, sentences, query.text, query.names))
    return Evidence(coverage=coverage, unknown_names=float(bool(retrieval.unknown_names)), answer_missing=missing)


def decide(retrieval: Retrieval, quoted: list[SentenceHit], model: AnswerabilityModel) -> Refusal | None:
    """None when the document can answer the question, else the refusal. Text that instructs the assistant
    ("ignore all previous instructions…", rag.analysis.words.INSTRUCTION) is refused first, whatever it shares with the
    document."""
    lang = retrieval.language if retrieval.language in NOT_FOUND else "en"
    if INSTRUCTION.search(retrieval.question):
        return Refusal("instruction", WHY["instruction"][lang], 0.0)
    ev = evidence(retrieval, quoted)
    p = model.probability(ev)
    if p >= model.threshold and quoted:
        return None
    if retrieval.unknown_names:
        sep = "、" if lang == "zh" else ", "
        return Refusal("names", WHY["names"][lang].format(names=sep.join(retrieval.unknown_names)), p)
    if ev.answer_missing:
        kind = KINDS[retrieval.query.expects][lang]
        return Refusal("answer_missing", WHY["answer_missing"][lang].format(kind=kind), p)
    return Refusal("no_passage", WHY["no_passage"][lang], p)
