"""Briefing lookups: a topic in, a cited briefing note out (`python -m rag brief "调解"`).

A note lists every place the document treats the topic, grouped by section in document order; each point is a
source sentence in the topic's language (the version of the document in that language, when there is one), with
the original's sentence as its verbatim quote and its citation label. It runs on the pipeline's stages: clean (a
topic is at most `BriefingSettings.max_topic_chars`), analyse, retrieve; then the note's own selection
(rag/brief/select.py, which asks the decide stage only when no word of the topic is in the document); the points
are the document's sentences, cited as the quoted answers cite them. Output: rag/brief/render.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Sequence

from rag.analysis.clean import QuestionError
from rag.answers.quoted import as_answer_sentence
from rag.brief.select import select_points
from rag.types import QuoteTranslation, SentenceHit, cite_sentence

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

NOT_ADDRESSED = {
    "zh": "文件没有论及这一主题。",
    "en": "The document does not address this topic.",
}


class DocumentInfo(NamedTuple):
    """Which document a note is about, as its version in the note's language names it."""

    id: str
    title: str
    date: str


class TopicError(ValueError):
    """The topic cannot be looked up as given (empty or too long)."""


@dataclass(frozen=True)
class BriefingPoint:
    text: str  # the point as shown: the sentence in the topic's language
    quote: str  # verbatim substring of the original passage's text
    passage_id: str
    label: str
    paragraph: int
    start: int  # offset of the quote in the passage text
    score: float
    translation: QuoteTranslation | None = None  # the sentence in the topic's language, when it is a translation

    def to_dict(self) -> dict:
        out = {"text": self.text, "quote": self.quote, "passage_id": self.passage_id, "label": self.label}
        if self.translation is not None:
            out["translation"] = self.translation.to_dict()
        return out


@dataclass(frozen=True)
class BriefingSection:
    section: str  # "4.2"
    title: str  # "政策建议 › 安全理事会的作用"
    points: tuple[BriefingPoint, ...]
    document: str = ""  # the symbol of the document the section belongs to

    def to_dict(self) -> dict:
        return {"document": self.document, "section": self.section, "title": self.title,
                "points": [p.to_dict() for p in self.points]}


@dataclass(frozen=True)
class BriefingNote:
    topic: str
    language: str
    document: DocumentInfo
    sections: tuple[BriefingSection, ...] = ()
    status: str = "ok"  # "ok" or "not_addressed"
    message: str = ""  # for "not_addressed": the document does not address this
    version_note: str = ""  # the points are a translation: what its provenance is ("unofficial English translation…")
    reason: str = ""  # why not (for logs and the JSON; not shown in the note)
    diagnostics: dict = field(default_factory=dict, compare=False)

    @property
    def addressed(self) -> bool:
        return self.status == "ok"

    @property
    def points(self) -> list[BriefingPoint]:
        return [p for s in self.sections for p in s.points]

    @property
    def passage_ids(self) -> list[str]:
        return list(dict.fromkeys(p.passage_id for p in self.points))


def _section_order(pipeline: "RagPipeline") -> dict[tuple[str, str], int]:
    """(document, section) -> its place: the library's order, then each document's own."""
    order = {}
    for versions in pipeline.library.values():
        for s in versions.original.walk():
            order[(versions.id, s.number)] = len(order)
    return order


def brief(pipeline: "RagPipeline", topic: str, documents: Sequence[str] | None = None) -> BriefingNote:
    """A briefing note on `topic`: every relevant source sentence of `documents` (default: the whole library),
    grouped by document, then by section in document order."""
    try:
        retrieval = pipeline.retrieve(topic, max_chars=pipeline.settings.briefing.max_topic_chars, what="topic",
                                      documents=documents)
    except QuestionError as e:
        raise TopicError(str(e)) from e
    text = retrieval.question
    searched = pipeline.library.get(retrieval.documents[0]) if len(retrieval.documents) == 1 else None
    versions = searched or pipeline.versions  # one document searched: the note is about it
    doc = versions.version(retrieval.language) or versions.original
    document = DocumentInfo(doc.id, doc.title, doc.date)
    sentences, reason, diag = select_points(pipeline, text, retrieval)
    if not sentences:
        return BriefingNote(topic=text, language=retrieval.language, document=document, status="not_addressed",
                            message=NOT_ADDRESSED[retrieval.language], reason=reason, diagnostics=diag)
    order = _section_order(pipeline)
    by_section: dict[tuple[str, str], list[SentenceHit]] = {}
    for s in sentences:
        by_section.setdefault((s.passage.doc_symbol, s.passage.section), []).append(s)
    titles = {p.id: p.section_path for v in pipeline.library.values() for p in v.passages(retrieval.language)}
    sections = []
    for key in sorted(by_section, key=lambda k: order.get(k, 1_000_000)):
        hits = sorted(by_section[key], key=lambda s: (s.passage.paragraph, s.start))
        points = tuple(_point(s, retrieval.language) for s in hits)
        path = titles.get(hits[0].passage.id, hits[0].passage.section_path)
        sections.append(BriefingSection(section=key[1], title=" › ".join(path), points=points, document=key[0]))
    return BriefingNote(topic=text, language=retrieval.language, document=document, sections=tuple(sections),
                        version_note=doc.note if doc.language != versions.original.language else "", diagnostics=diag)


def _point(s: SentenceHit, language: str) -> BriefingPoint:
    citation = cite_sentence(1, s, language)
    text = as_answer_sentence(citation.translation.quote) if citation.translation else s.text
    return BriefingPoint(text=text, quote=s.text, passage_id=s.passage.id, label=s.passage.label,
                         paragraph=s.passage.paragraph, start=s.start, score=round(float(s.score), 4),
                         translation=citation.translation)
