"""What the decide, compose and verify stages produce: the decision (`Refusal`, `Decision`), citations, how a
generated answer was made and checked (`Generation`, `SentenceCheck`, `Fallback`), the `Answer` and a conversation
`Turn`. `to_dict` methods give the stable JSON contract (README, "JSON contract of `ask --json`")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from rag.types.documents import Language, Passage
from rag.types.retrieval import Hit, Retrieval, SentenceHit

Status = Literal["answered", "not_found"]


@dataclass(frozen=True)
class QuoteTranslation:
    """The cited sentence in the answer's language, when that is not the document's language."""

    language: str
    quote: str  # verbatim in `text`
    text: str  # the paragraph in that version
    provenance: str
    label: str = ""  # the paragraph's citation label in that version
    sha256: str = ""  # of that version's text

    def to_dict(self) -> dict:
        out = {"language": self.language, "quote": self.quote, "text": self.text, "provenance": self.provenance,
               "label": self.label}
        if self.sha256:
            out["sha256"] = self.sha256
        return out


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage  # the original's paragraph: the authoritative text
    quote: str  # verbatim substring of passage.text
    translation: QuoteTranslation | None = None
    sha256: str = ""  # of the text of the version quoted: the citation can be checked against exactly that text

    def to_dict(self) -> dict:
        p = self.passage
        out = {
            "n": self.n,
            "document": p.doc_symbol,
            "passage_id": p.id,
            "section": p.section,
            "section_path": list(p.section_path),
            "paragraph": p.paragraph,
            "label": p.label,
            "quote": self.quote,
            "text": p.text,
            "sha256": self.sha256,
        }
        if p.speaker is not None:
            out["speaker"] = p.speaker.to_dict()
        if self.translation is not None:
            out["translation"] = self.translation.to_dict()
        return out


def cite_sentence(n: int, hit: SentenceHit, language: str) -> Citation:
    """Citation n of a retrieved sentence for an answer in `language`: the original's sentence as the quote, plus
    its wording in `language` when that is another version."""
    translation = None
    if language != hit.passage.language:
        v = hit.version(language)
        if v is not None:
            translation = QuoteTranslation(language, v.span.text, v.passage.text, v.provenance, v.passage.label)
    return Citation(n=n, passage=hit.passage, quote=hit.text, translation=translation)


class Refusal(NamedTuple):
    """Why the document cannot answer: `message` in the question's language, and the modelled probability."""

    reason: str  # "instruction", "no_statement", "names", "names_apart", "answer_missing", "no_passage" or
    # "not_stated" (the local model's check, rag/llm/check.py: `probability` is then the check's P(yes))
    message: str
    probability: float


@dataclass(frozen=True)
class Decision:
    """The decide stage's verdict on one retrieval: the sentences an answer would quote (selected once) and, when
    the document cannot answer, the refusal. Every composer works from this; none selects or decides again."""

    retrieval: Retrieval
    selected: tuple[SentenceHit, ...]
    refusal: Refusal | None = None

    @property
    def answerable(self) -> bool:
        return self.refusal is None

    @property
    def language(self) -> str:
        return self.retrieval.language


FallbackKind = Literal["unavailable", "error", "empty", "language", "unverified"]


@dataclass(frozen=True)
class Fallback:
    """Why a generated answer was replaced by the quoted one."""

    kind: FallbackKind  # unavailable: no backend; error: it failed or timed out; empty: nothing usable came back;
    # language: it answered in the other language; unverified: no sentence of it could be checked against a source
    backend: str
    reason: str = ""


class Support(NamedTuple):
    """Where a generated sentence found its support: source n of the prompt, the score, how it was measured."""

    source: int
    score: float
    method: str


@dataclass(frozen=True)
class SentenceCheck:
    """The check of one generated sentence (rag/llm/support.py) as the JSON's `verified` reports it."""

    sentence: str
    citations: tuple[int, ...]  # the answer's citation numbers it ends with
    source_markers: tuple[int, ...]  # the markers the model wrote
    invalid_markers: tuple[int, ...]  # markers that point to no source
    supported: bool
    inferred: bool
    corrected: bool
    support: tuple[Support, ...] = ()

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "citations": list(self.citations),
                "source_markers": list(self.source_markers), "invalid_markers": list(self.invalid_markers),
                "supported": self.supported, "inferred": self.inferred, "corrected": self.corrected,
                "support": [{"source": s.source, "score": s.score, "method": s.method} for s in self.support]}


@dataclass
class Generation:
    """What a generative backend did for one answer (kept whether or not its words were used)."""

    backend: str
    text: str | None = None  # the model's raw reply
    verified: list[SentenceCheck] = field(default_factory=list)  # per generated sentence
    answer_language: str | None = None
    attempts: int = 1
    llm_seconds: float | None = None
    first_token_seconds: float | None = None

    def to_dict(self) -> dict:
        out = {"backend": self.backend, "generated": self.text, "verified": [v.to_dict() for v in self.verified],
               "attempts": self.attempts,
               "llm_seconds": self.llm_seconds, "first_token_seconds": self.first_token_seconds}
        if self.answer_language:
            out["answer_language"] = self.answer_language
        return out


@dataclass(frozen=True)
class Rewrite:
    """A follow-up question and the stand-alone question it was searched as."""

    question: str  # what to retrieve with
    original: str
    rewritten: bool
    reason: str  # why it was or was not rewritten
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"original_question": self.original, "standalone_question": self.question,
                "rewritten": self.rewritten, "rewrite_reason": self.reason}


class PartAnswer(NamedTuple):
    """One part of a question answered part by part (rag/answers/parts.py): its question, whether the document
    answers it, the answer's citation numbers for it, and the refusal's message when it does not."""

    question: str
    status: Status
    citations: tuple[int, ...] = ()
    message: str = ""

    def to_dict(self) -> dict:
        out = {"question": self.question, "status": self.status, "citations": list(self.citations)}
        return out | ({"message": self.message} if self.message else {})


@dataclass
class Answer:
    question: str
    language: Language
    status: Status
    answer: str
    mode: str
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Hit] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str = ""  # e.g. why a generated answer fell back to the extractive one
    fallback: Fallback | None = None
    generation: Generation | None = None
    rewrite: Rewrite | None = None
    closest: list[Hit] = field(default_factory=list)  # not found: the passages that came closest, for the reader
    answerable: float | None = None  # the modelled probability that the document answers the question
    retrieval_query: str | None = None  # a follow-up: what was searched, when it is not the question itself
    parts: list[PartAnswer] | None = None  # a question in parts, answered part by part

    def to_dict(self) -> dict:
        out = {
            "question": self.question,
            "language": self.language,
            "status": self.status,
            "answer": self.answer,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [hit_to_dict(h) for h in self.retrieved],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.status == "not_found":
            out["closest"] = [hit_to_dict(h) | {"label": h.passage.label} for h in self.closest]
        if self.answerable is not None:
            out["answerable_probability"] = round(self.answerable, 3)
        if self.notice:
            out["notice"] = self.notice
        if self.generation is not None:
            out.update(self.generation.to_dict())
        if self.fallback is not None:
            out.update({"backend": self.fallback.backend, "fallback": self.fallback.kind})
        if self.retrieval_query is not None:
            out["retrieval_query"] = self.retrieval_query
        if self.rewrite is not None:
            out.update(self.rewrite.to_dict())
        if self.parts is not None:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out

    @property
    def answered(self) -> bool:
        return self.status == "answered"

    @property
    def quotes(self) -> set[str]:
        return {c.quote for c in self.citations}


def hit_to_dict(h: Hit) -> dict:
    return {"document": h.passage.doc_symbol, "passage_id": h.passage.id, "section": h.passage.section,
            "paragraph": h.passage.paragraph, "score": round(float(h.score), 6), "text": h.passage.text}


class Turn(NamedTuple):
    """One conversation turn: the question as asked (cleaned) and its answer, whose `question`, `retrieval_query`
    and `rewrite` say how a follow-up was searched (None only for an earlier question whose answer an API client
    did not send)."""

    question: str
    answer: Answer | None

    def to_dict(self) -> dict:
        return self.answer.to_dict()
