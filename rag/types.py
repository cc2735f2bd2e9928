"""The project's data types, in one place: the parsed document, passages, citations, answers.

Every other module speaks in these types; `to_dict` methods give the stable JSON contract.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, NamedTuple

Language = Literal["zh", "en"]
Status = Literal["answered", "not_found"]


@dataclass(frozen=True)
class Passage:
    """One paragraph of the document: the unit that is indexed, retrieved and cited."""

    id: str  # stable: "<doc slug>:<section>:<paragraph>", e.g. "S_2017_105:3.3:1"
    doc_symbol: str  # "S/2017/105"
    section: str  # "3.3"; the cover letter is section "0"
    section_path: tuple[str, ...]  # titles from the top-level section down, e.g. ("保持和平的艰巨工作", "安全理事会的作用")
    paragraph: int  # 1-based within its section
    text: str  # clean paragraph text; a span of the source once whitespace (and hyperlink lines) are ignored

    @property
    def label(self) -> str:
        """Human citation label, e.g. `§3.3 保持和平的艰巨工作 › 安全理事会的作用 ¶1`."""
        return f"§{self.section} {' › '.join(self.section_path)} ¶{self.paragraph}"

    @property
    def short_label(self) -> str:
        return f"§{self.section} ¶{self.paragraph}"


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    paragraphs: tuple[Passage, ...] = ()
    sections: tuple["Section", ...] = ()
    part: Literal["letter", "annex"] = "annex"

    def walk(self):
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
    id: str  # document symbol, "S/2017/105"
    title: str
    date: str
    language: str
    annex_title: str = ""
    annex_subtitle: str = ""
    signature: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def slug(self) -> str:
        return self.id.replace("/", "_")

    def walk(self):
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
            "annex_title": self.annex_title,
            "annex_subtitle": self.annex_subtitle,
            "signature": list(self.signature),
            "sections": [s.to_dict() for s in self.sections],
        }


class Hit(NamedTuple):
    """A retrieved passage with its fused relevance score (higher is better)."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage
    quote: str  # verbatim substring of passage.text

    def to_dict(self) -> dict:
        p = self.passage
        return {
            "n": self.n,
            "passage_id": p.id,
            "section": p.section,
            "section_path": list(p.section_path),
            "paragraph": p.paragraph,
            "label": p.label,
            "quote": self.quote,
            "text": p.text,
        }


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
    extra: dict = field(default_factory=dict)  # backend-specific detail (e.g. verified sentences)

    def to_dict(self) -> dict:
        out = {
            "question": self.question,
            "language": self.language,
            "status": self.status,
            "answer": self.answer,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [
                {
                    "passage_id": h.passage.id,
                    "section": h.passage.section,
                    "paragraph": h.passage.paragraph,
                    "score": round(float(h.score), 6),
                    "text": h.passage.text,
                }
                for h in self.retrieved
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.notice:
            out["notice"] = self.notice
        out.update(self.extra)
        return out


def passage_to_dict(p: Passage) -> dict:
    d = asdict(p)
    d["section_path"] = list(p.section_path)
    d["label"] = p.label
    return d


def passage_from_dict(d: dict) -> Passage:
    return Passage(
        id=d["id"],
        doc_symbol=d["doc_symbol"],
        section=d["section"],
        section_path=tuple(d["section_path"]),
        paragraph=int(d["paragraph"]),
        text=d["text"],
    )
