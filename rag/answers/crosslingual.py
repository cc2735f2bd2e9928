"""The answerability model for answers found across languages: when the sentences an answer would quote have no
version in the question's language (a document in one language only, or a unit a partly aligned version leaves
out), the question's words cannot be looked for in them, so the signals of rag/answers/answerability.py (coverage,
names the document never mentions) measure nothing. This model weighs what crosses languages instead
(rag/retrieval/crossing.py, `Retrieval.crossing`):

    cosine_use      the best raw USE cosine of the question and those sentences' original words
    unknown_names   1 when the question names a number, a chapter or article, or a country that no searched
                    document mentions in any form or language
    answer_missing  1 when the question asks for a kind of answer the quoted sentences do not hold (as in the other
                    model; numbers, dates and places read the same in either language)

Measured too and left out, since with them cross-validation refused no more unanswerable questions and as many
or more answerable ones (scripts/calibrate_crosslingual.py --compare): the best e5 cosine (multilingual-e5-small's cosines
crowd into 0.74-0.85 for any question), and how far the best cosine stands above the rest (its margin over the
mean, its z-score, its gap to the second best). The cosines alone separate little: most of what the model refuses
names a country or a number the document never mentions, or asks for a kind of answer it does not hold.

Fitted offline on the English development questions with the English version removed
(scripts/calibrate_crosslingual.py); applied here as a dot product. The decision is rag/answers/decide.py's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple, Sequence

from rag.answers.answerability import LogisticModel, answer_missing
from rag.types import Retrieval, SentenceHit

CROSS_FEATURES = ("cosine_use", "unknown_names", "answer_missing")


class CrossEvidence(NamedTuple):
    """The signals the cross-lingual decision weighs (see the module docstring), in `CROSS_FEATURES` order."""

    cosine_use: float
    unknown_names: float
    answer_missing: float


@dataclass(frozen=True)
class CrossLingualModel(LogisticModel):
    """The model over `CrossEvidence`.

    Defaults: fitted on the 58 English development questions with the English version removed
    (scripts/calibrate_crosslingual.py); the threshold is the highest at which cross-validation refused at most 5%
    of the answerable ones. Cross-validated: 0/43 answerable questions refused, 12/15 unanswerable ones refused;
    on the held-out sets (never fitted on) 1/24 and 4/10."""

    features: ClassVar[tuple[str, ...]] = CROSS_FEATURES
    name: ClassVar[str] = "cross-lingual answerability model"
    weights: tuple[float, ...] = (0.628, -0.83, -0.954)
    intercept: float = 0.446
    means: tuple[float, ...] = (0.378, 0.086, 0.086)
    scales: tuple[float, ...] = (0.125, 0.281, 0.281)
    threshold: float = 0.5


def crosses_languages(retrieval: Retrieval, quoted: Sequence[SentenceHit]) -> bool:
    """Whether the answer would quote sentences that have no version in the question's language (its best one has
    none): then only the evidence that crosses languages can be weighed."""
    return retrieval.crossing is not None and bool(quoted) and quoted[0].version(retrieval.language) is None


def cross_evidence(retrieval: Retrieval, quoted: Sequence[SentenceHit]) -> CrossEvidence:
    """The cross-lingual signals of a retrieval whose `crossing` is measured; `quoted`: the sentences an answer
    would quote."""
    crossing = retrieval.crossing
    return CrossEvidence(cosine_use=crossing.cosine_use,
                         unknown_names=float(bool(crossing.unknown_names)),
                         answer_missing=answer_missing(retrieval.query, quoted))
