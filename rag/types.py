"""The project's data types, in one place: a document and its language versions, passages, retrieval results,
citations, answers.

A UN document (one symbol) is published in several language versions with one structure. Here a `Document` is
one language version (its sections, paragraphs and sentences in that language) and `DocumentVersions` holds the
authoritative original with its translations, aligned by id: the same section numbers, the same passage ids, and
the same number of sentences in every paragraph, so that sentence k of a passage in one version says what
sentence k of that passage says in another. Each version records where it comes from (`Provenance`).

Every other module speaks in these types; `to_dict` methods give the stable JSON contract.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Literal, NamedTuple

Language = Literal["zh", "en"]
Status = Literal["answered", "not_found"]
# official: published by the UN; unofficial: a translation made for this project (shipped in data/);
# machine: made by a model when the index was built (rag/documents/translate.py).
Provenance = Literal["official", "unofficial", "machine"]
PROVENANCES: tuple[Provenance, ...] = ("official", "unofficial", "machine")


class Span(NamedTuple):
    """A stretch of a text: `text == source[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """One paragraph of one language version: the unit that is indexed, retrieved and cited."""

    id: str  # stable across versions: "<doc slug>:<section>:<paragraph>", e.g. "S_2017_105:3.3:1"
    doc_symbol: str  # "S/2017/105"
    section: str  # "3.3"; the cover letter is section "0"
    section_path: tuple[str, ...]  # titles from the top-level section down, e.g. ("保持和平的艰巨工作", "安全理事会的作用")
    paragraph: int  # 1-based within its section
    text: str  # clean paragraph text; a span of the source once whitespace (and hyperlink lines) are ignored
    sentences: tuple[tuple[int, int], ...] = ()  # (start, end) of each sentence in `text`, aligned across versions
    language: str = "zh"

    @property
    def label(self) -> str:
        """Human citation label, e.g. `§3.3 保持和平的艰巨工作 › 安全理事会的作用 ¶1`."""
        return f"§{self.section} {' › '.join(self.section_path)} ¶{self.paragraph}"

    @property
    def short_label(self) -> str:
        return f"§{self.section} ¶{self.paragraph}"

    def spans(self) -> list[Span]:
        """The passage's sentences, each verbatim in `text`."""
        return [Span(s, e, self.text[s:e]) for s, e in self.sentences]

    def sentence_id(self, k: int) -> str:
        """The id of sentence k (0-based) of this passage, the same in every version: "S_2017_105:2:4#2"."""
        return f"{self.id}#{k + 1}"


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    paragraphs: tuple[Passage, ...] = ()
    sections: tuple["Section", ...] = ()
    part: Literal["letter", "annex"] = "annex"

    def walk(self) -> Iterator["Section"]:
        """This section and all its subsections, in document order."""
        yield self
        for sub in self.sections:
            yield from sub.walk()

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "part": self.part,
            "paragraphs": [{"id": p.id, "number": p.paragraph, "text": p.text} for p in self.paragraphs],
            "sections": [s.to_dict() for s in self.sections],
        }


@dataclass(frozen=True)
class Document:
    """One language version of a document: its titles, sections and paragraphs in `language`."""

    id: str  # document symbol, "S/2017/105"
    title: str
    date: str
    language: str
    annex_title: str = ""
    annex_subtitle: str = ""
    signature: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    provenance: Provenance = "official"
    note: str = ""  # what a reader must know about this version ("unofficial translation; the Chinese is authoritative")

    @property
    def slug(self) -> str:
        return self.id.replace("/", "_")

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def passages(self) -> list[Passage]:
        return [p for s in self.walk() for p in s.paragraphs]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "provenance": self.provenance,
            "note": self.note,
            "annex_title": self.annex_title,
            "annex_subtitle": self.annex_subtitle,
            "signature": list(self.signature),
            "sections": [s.to_dict() for s in self.sections],
        }


class AlignmentError(ValueError):
    """A version does not have the structure of the original (other ids, or other sentence counts)."""


def alignment_problems(original: Document, version: Document) -> list[str]:
    """What keeps `version` from being aligned with `original` (empty when aligned): ids and sentence counts."""
    problems = []
    if version.id != original.id:
        problems.append(f"symbol {version.id!r} is not {original.id!r}")
    if [s.number for s in version.walk()] != [s.number for s in original.walk()]:
        problems.append("the sections differ")
    a, b = original.passages(), version.passages()
    if [p.id for p in a] != [p.id for p in b]:
        problems.append("the paragraph ids differ")
    else:
        for p, q in zip(a, b):
            if len(p.sentences) != len(q.sentences):
                problems.append(f"{p.id}: {len(p.sentences)} sentences in {original.language}, "
                                f"{len(q.sentences)} in {version.language}")
    return problems


@dataclass(frozen=True)
class DocumentVersions:
    """One document in its language versions: the authoritative original and translations aligned with it."""

    original: Document
    translations: tuple[Document, ...] = ()

    def __post_init__(self):
        for t in self.translations:
            problems = alignment_problems(self.original, t)
            if problems:
                raise AlignmentError(f"the {t.language} version of {self.original.id} is not aligned: "
                                     + "; ".join(problems[:3]))

    @property
    def id(self) -> str:
        return self.original.id

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.original.language,) + tuple(t.language for t in self.translations)

    def version(self, language: str) -> Document | None:
        """The version in `language`, or None when the document has none."""
        for d in (self.original, *self.translations):
            if d.language == language:
                return d
        return None

    def passages(self, language: str | None = None) -> list[Passage]:
        """The passages of the version in `language` (default: the original), in document order."""
        doc = self.version(language) if language else self.original
        return doc.passages() if doc else []

    def with_translation(self, version: Document) -> "DocumentVersions":
        others = tuple(t for t in self.translations if t.language != version.language)
        return replace(self, translations=others + (version,))


class Query(NamedTuple):
    """A question as retrieval sees it (rag/analysis/query.py)."""

    text: str
    language: str
    tokens: tuple[str, ...]  # BM25 tokens, for the version in the question's language
    words: tuple[str, ...]  # topic words (Chinese words; English stems)
    names: tuple[str, ...]  # names it depends on (jieba's name tags; capitalised English words)
    numbers: tuple[str, ...]  # numbers of two or more digits
    expects: str | None = None  # the kind of answer asked for (rag.analysis.words.QUESTION_FRAMES), None for any


class Hit(NamedTuple):
    """A retrieved passage (of the original version) with its fused relevance score (higher is better)."""

    passage: Passage
    score: float


class VersionSentence(NamedTuple):
    """One sentence as one version words it."""

    language: str
    provenance: str
    passage: Passage  # the paragraph in that version
    span: Span  # the sentence, verbatim in passage.text


class SentenceHit(NamedTuple):
    """A retrieved sentence: where it is in the original, its fused score, and its wording in every version."""

    passage: Passage  # the original's paragraph
    start: int
    end: int
    text: str  # the original's sentence, verbatim in passage.text
    score: float
    index: int = -1  # the sentence's number in the document (the same in every version)
    versions: tuple[VersionSentence, ...] = ()

    def version(self, language: str) -> VersionSentence | None:
        return next((v for v in self.versions if v.language == language), None)


@dataclass(frozen=True)
class Retrieval:
    """Everything retrieval found for one question: every passage and sentence scored, and the evidence the
    refusal decision weighs."""

    query: Query
    hits: list[Hit]  # every passage, best first
    sentences: list[SentenceHit]  # every sentence, best first
    unknown_names: list[str] = field(default_factory=list)  # names and numbers the document never mentions
    matched_words: list[str] = field(default_factory=list)  # topic words found in the question's language version
    best_cooccurrence: int = 0  # most of those words found together in one paragraph

    @property
    def question(self) -> str:
        return self.query.text

    @property
    def language(self) -> str:
        return self.query.language


@dataclass(frozen=True)
class QuoteTranslation:
    """The cited sentence in the answer's language, when that is not the document's language."""

    language: str
    quote: str  # verbatim in `text`
    text: str  # the paragraph in that version
    provenance: str
    label: str = ""  # the paragraph's citation label in that version

    def to_dict(self) -> dict:
        return {"language": self.language, "quote": self.quote, "text": self.text, "provenance": self.provenance,
                "label": self.label}


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage  # the original's paragraph: the authoritative text
    quote: str  # verbatim substring of passage.text
    translation: QuoteTranslation | None = None

    def to_dict(self) -> dict:
        p = self.passage
        out = {
            "n": self.n,
            "passage_id": p.id,
            "section": p.section,
            "section_path": list(p.section_path),
            "paragraph": p.paragraph,
            "label": p.label,
            "quote": self.quote,
            "text": p.text,
        }
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


FallbackKind = Literal["unavailable", "error", "empty", "language", "unverified"]


@dataclass(frozen=True)
class Fallback:
    """Why a generated answer was replaced by the quoted one."""

    kind: FallbackKind  # unavailable: no backend; error: it failed or timed out; empty: nothing usable came back;
    # language: it answered in the other language; unverified: no sentence of it could be checked against a source
    backend: str
    reason: str = ""


@dataclass
class Generation:
    """What a generative backend did for one answer (kept whether or not its words were used)."""

    backend: str
    text: str | None = None  # the model's raw reply
    verified: list[dict] = field(default_factory=list)  # per generated sentence: citations, supported, support
    answer_language: str | None = None
    attempts: int = 1
    llm_seconds: float | None = None
    first_token_seconds: float | None = None

    def to_dict(self) -> dict:
        out = {"backend": self.backend, "generated": self.text, "verified": self.verified, "attempts": self.attempts,
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
        if self.rewrite is not None:
            out.update(self.rewrite.to_dict())
        return out


def hit_to_dict(h: Hit) -> dict:
    return {"passage_id": h.passage.id, "section": h.passage.section, "paragraph": h.passage.paragraph,
            "score": round(float(h.score), 6), "text": h.passage.text}
