"""The answerability model: the signals that say whether the document can answer a question, and the calibrated
logistic regression that weighs them. The decision itself (with its messages) is rag/answers/decide.py.

The signals (`Evidence`), measured on the retrieval, in the question's own language version:
    coverage        the share of the question's topic words that the version holds anywhere
    unknown_names   1 when the question names a place, a capitalised name or a number no version mentions, or a
                    body or place that the paragraphs the answer would quote do not name (`names_apart`)
    answer_missing  1 when the question asks for a kind of answer (a count, a date, a duration, a place, a document
                    symbol: rag.analysis.words.QUESTION_FRAMES) that the sentences the answer would quote do not hold

Sentence similarity (the best USE or e5 cosine, and how far it stands above the rest) and the number of absent
words were measured too and left out: with them, the nested cross-validation refused more answerable questions and
no more unanswerable ones (README, "When the document does not say").

Written by hand: the features are this project's; the model is scikit-learn's, fitted offline
(scripts/calibrate_refusal.py), applied here as a dot product so that answering needs no scikit-learn import.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import ClassVar, Iterable, NamedTuple, Sequence

from rag.analysis.forms import absent_names, offices_named, text_forms
from rag.analysis.text import holds_answer, squash_office, words_found
from rag.types import Query, Retrieval, SentenceHit

FEATURES = ("coverage", "unknown_names", "answer_missing")


class Evidence(NamedTuple):
    """The signals the decision weighs (see the module docstring), in `FEATURES` order."""

    coverage: float
    unknown_names: float
    answer_missing: float


@dataclass(frozen=True)
class LogisticModel:
    """A logistic regression over standardised evidence: P(answerable) = σ(intercept + Σ w·(x - mean)/scale),
    answered when P reaches `threshold`; validated on creation. Subclasses name their `features` and give the
    fitted numbers as defaults."""

    features: ClassVar[tuple[str, ...]] = ()
    name: ClassVar[str] = "answerability model"
    weights: tuple[float, ...] = ()
    intercept: float = 0.0
    means: tuple[float, ...] = ()
    scales: tuple[float, ...] = ()
    threshold: float = 0.5

    def __post_init__(self):
        n = len(self.features)
        if not (len(self.weights) == len(self.means) == len(self.scales) == n):
            raise ValueError(f"the {self.name} needs {n} weights, means and scales ({', '.join(self.features)})")
        if any(not math.isfinite(x) for x in (*self.weights, *self.means, *self.scales, self.intercept)):
            raise ValueError(f"the {self.name}'s numbers must be finite")
        if any(s <= 0 for s in self.scales):
            raise ValueError(f"the {self.name}'s scales must be positive")
        if not 0 < self.threshold < 1:
            raise ValueError(f"the {self.name}'s threshold must be between 0 and 1 (got {self.threshold})")

    def probability(self, evidence: Sequence[float]) -> float:
        z = self.intercept + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, evidence, self.means, self.scales))
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AnswerabilityModel(LogisticModel):
    """The model over `Evidence` (`FEATURES`).

    Defaults: fitted on the 119 development questions (scripts/calibrate_refusal.py); the threshold is the highest at
    which cross-validation refused at most 3% of the answerable questions of each language."""

    features: ClassVar[tuple[str, ...]] = FEATURES
    weights: tuple[float, ...] = (0.671, -1.047, -1.475)
    intercept: float = 0.784
    means: tuple[float, ...] = (0.709, 0.076, 0.118)
    scales: tuple[float, ...] = (0.245, 0.264, 0.322)
    threshold: float = 0.65


def answering_document(quoted: Sequence[SentenceHit]) -> str | None:
    """The symbol of the document the answer would come from: that of its best sentence (None: nothing quoted)."""
    return max(quoted, key=lambda s: s.score).passage.doc_symbol if quoted else None


def evidence(retrieval: Retrieval, quoted: Iterable[SentenceHit]) -> Evidence:
    """The signals of one retrieval; `quoted`: the sentences an answer would quote.

    Over a library, coverage and unknown names are those of the answering document (`answering_document`) alone,
    without the words by which the question names that document (DocumentEvidence.naming_words),
    as they were for the one document the model was fitted on: topic words or names that only other documents hold
    do not make it answer (they did: "Did France call for restraint…?" was answered from S/2017/105 because a
    verbatim record in the library names France). The kind of answer is looked for in the quoted sentences, all of
    them: they are the answer a reader gets."""
    query = retrieval.query
    quoted = list(quoted)
    doc = answering_document(quoted)
    own = retrieval.by_document.get(doc) if doc is not None else None
    matched, unknown = (own.matched_words, own.unknown_names) if own else (retrieval.matched_words,
                                                                           retrieval.unknown_names)
    naming = set(own.naming_words) if own else set()  # "resolution 2805": which document, not what is asked
    words = len([w for w in query.words if w not in naming])
    coverage = len([w for w in matched if w not in naming]) / words if words else 1.0
    if retrieval.asked_of_speakers is not None and doc is not None:
        coverage = speaker_coverage(retrieval, doc, coverage)
    apart = names_apart(query, quoted, retrieval.speaker_names)
    return Evidence(coverage=coverage, unknown_names=float(bool(unknown) or bool(apart)),
                    answer_missing=answer_missing(query, quoted))


def names_apart(query: Query, quoted: Sequence[SentenceHit], known: Sequence[str] = ()) -> list[str]:
    """The names of several words (the President of the General Assembly, the Peacebuilding Commission:
    rag.analysis.query.name_runs) and the Chinese names of places, organisations and bodies (经济及社会理事会) a
    question gives that the paragraphs the answer would quote do not name in any form, in any of their versions
    (with their section titles and speakers): "What did the chair of the Peacebuilding Commission say about funding?"
    is not answered by a paragraph on funding that names no Commission, wherever else the document names it. A
    name of one English word is left out: a summary names a person once (Guterres) and then by office or pronoun.
    `known`: names and offices that name the speakers whose turns are quoted (`Retrieval.speaker_names`), not
    required."""
    def naming(written: str) -> bool:  # an office that names a speaker quoted
        return any(k in squash_office(written) or squash_office(written) in k for k in known)

    names = tuple(n for n in query.names if (" " in n or not n.isascii()) and not naming(n))
    offices = [(w, s) for w, s in offices_named(query.text) if not naming(w)]
    if not (names or offices) or not quoted:
        return []
    texts = []
    for s in quoted:
        for p in dict.fromkeys(v.passage for v in s.versions) or (s.passage,):
            speaker = f"{p.speaker.name} {p.speaker.country or ''}" if p.speaker else ""
            texts.append(f"{' '.join(p.section_path)} {speaker} {p.text}")
    forms = text_forms(texts)
    absent = absent_names(query._replace(names=names, numbers=(), about=()), forms.squashed, forms.words,
                          forms.stems, forms.initials, forms.sentence_names) if names else []
    return list(dict.fromkeys(absent + [written for written, spellings in offices
                                        if not any(f in forms.squashed for f in spellings)]))


def speaker_coverage(retrieval: Retrieval, doc: str, otherwise: float) -> float:
    """For a retrieval narrowed to the turns of the speakers a question names (rag/retrieval/speakers.py), answered
    from a verbatim record (`doc`): the share of what they are asked about (`Retrieval.asked_of_speakers`) that their
    turns hold, in the question's language version. That the record holds a word in someone else's turn says
    nothing of whether this speaker spoke of it ("What is the population of China?" asks nothing of China's
    statement); no word left ("What did Brazil say?"): 1. `otherwise` (the document's coverage) stands for a
    document that is no record (a summary reporting the speaker: who "he" is in its next sentence is not known) and
    when some of their turns (in any record) have no version in the question's language, whose words cannot be
    looked for."""
    query = retrieval.query
    turns = [s for s in retrieval.sentences if s.passage.speaker is not None]
    if not any(s.passage.doc_symbol == doc for s in turns) or any(s.version(query.language) is None for s in turns):
        return otherwise
    asked = retrieval.asked_of_speakers or ()
    if not asked:
        return 1.0
    texts = [s.version(query.language).span.text for s in turns]
    return len(words_found(asked, query.language, texts)) / len(asked)


def answer_missing(query: Query, quoted: Iterable[SentenceHit]) -> float:
    """1.0 when the question asks for a kind of answer that the `quoted` sentences most about what it asks
    (`about_the_question`) do not hold in any of their versions, else 0.0: "When was the Peacebuilding Commission
    established?" is not answered by a date in another quoted sentence (the debate's, in the cover letter) when the
    one that names the Commission gives none. A verbatim record's turn of a delegation answers "which delegations …"
    (its speaker is the place asked for: rag/retrieval/speakers.py), and any turn "which speakers …" (its speaker
    is the person asked for)."""
    quoted = list(quoted)
    if not query.expects:
        return 0.0
    if query.expects == "place" and any(s.passage.speaker and s.passage.speaker.country for s in quoted):
        return 0.0
    if query.expects == "person" and any(s.passage.speaker for s in quoted):
        return 0.0
    sentences = [tuple(v.span.text for v in s.versions) or (s.text,) for s in about_the_question(query, quoted)]
    return float(not holds_answer(query.expects, sentences, query.text))


def about_the_question(query: Query, quoted: Sequence[SentenceHit]) -> list[SentenceHit]:
    """The quoted sentences about what the question asks: the best-scored one and those that hold at least as many
    of the question's topic words in its language's version (a sentence with fewer, quoted beside it, is about
    something else: the cover letter's date beside the Commission's sentence). All of them when the best holds
    none (which one is about the question is not known; the low coverage says the rest) or none has a version in
    the question's language, whose words then cannot be looked for."""
    own = [s.version(query.language) for s in quoted]
    if all(v is None for v in own):
        return list(quoted)
    held = [0 if v is None else len(words_found(query.words, query.language, [v.span.text])) for v in own]
    least = held[max(range(len(quoted)), key=lambda i: quoted[i].score)]
    return [s for s, n in zip(quoted, held) if n >= least] if least > 0 else list(quoted)
