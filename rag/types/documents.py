"""Documents: one language version (`Document`: sections, paragraphs, sentences) and a document in all its
versions (`DocumentVersions`), aligned by id: the same section numbers, the same passage ids, and the same number of
sentences in every paragraph, so that sentence k of a passage in one version says what sentence k of that passage
says in another. Each version records where it comes from (`Provenance`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator, Literal, NamedTuple

Language = Literal["zh", "en"]
# official: published by the UN; unofficial: a translation made for this project (shipped in data/);
# machine: made by a model when the index was built (rag/documents/translate.py).
Provenance = Literal["official", "unofficial", "machine"]
PROVENANCES: tuple[Provenance, ...] = ("official", "unofficial", "machine")
# The kinds of UN document the library recognises (rag/documents/kinds/); "other": headings and paragraphs only.
Kind = Literal["letter", "verbatim_record", "resolution", "presidential_statement", "report", "other"]
KINDS: tuple[Kind, ...] = ("letter", "verbatim_record", "resolution", "presidential_statement", "report", "other")


def document_slug(symbol: str) -> str:
    """The symbol as it appears in ids and file names: "S/2017/105" -> "S_2017_105", "S/RES/2334 (2016)" ->
    "S_RES_2334_2016", "S/PV.7857" -> "S_PV.7857"."""
    return re.sub(r"[^A-Za-z0-9.]+", "_", symbol).strip("_")


@dataclass(frozen=True)
class Speaker:
    """Who speaks in a verbatim record's turn: "Mr. Nebenzia (Russian Federation) (spoke in Russian)" ->
    Speaker("Mr. Nebenzia", "Russian Federation", "Russian"); the President and the Secretary-General have no
    country unless they speak for one; `language` is the language the speech was given in, when the record says."""

    name: str
    country: str | None = None
    language: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "language": self.language}


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
    # The document's own unit, as a citation names it after the symbol: "op. 4 (b)" (a resolution), "Russian
    # Federation ¶3" (a verbatim record's turn), "¶12" (a report); empty: "§<section> ¶<paragraph>".
    unit: str = ""
    speaker: Speaker | None = None  # a verbatim record's turn: who speaks

    @property
    def label(self) -> str:
        """Human citation label: the document, then its unit — `S/2017/105 §3.3 保持和平的艰巨工作 › 安全理事会的作用
        ¶1` (a sectioned document, with its titles), `S/RES/2334 (2016) op. 4 (b)`, `S/PV.7857 · Russian
        Federation ¶3`."""
        if self.unit:
            return f"{self.doc_symbol} {self.unit}"
        return f"{self.doc_symbol} §{self.section} {' › '.join(self.section_path)} ¶{self.paragraph}"

    @property
    def short_label(self) -> str:
        return self.unit or f"§{self.section} ¶{self.paragraph}"

    def spans(self) -> list[Span]:
        """The passage's sentences, each verbatim in `text`."""
        return [Span(s, e, self.text[s:e]) for s, e in self.sentences]

    def sentence_id(self, k: int) -> str:
        """The id of sentence k (0-based) of this passage, the same in every version: "S_2017_105:2:4#2"."""
        return f"{self.id}#{k + 1}"


def _paragraph_dict(p: Passage) -> dict:
    out = {"id": p.id, "number": p.paragraph, "text": p.text}
    if p.unit:
        out["unit"] = p.unit
    if p.speaker is not None:
        out["speaker"] = p.speaker.to_dict()
    return out


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    paragraphs: tuple[Passage, ...] = ()
    sections: tuple["Section", ...] = ()
    # letter, annex (a letter's), preamble, operative (a resolution), turn (a verbatim record), body (the rest)
    part: str = "annex"

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
            "paragraphs": [_paragraph_dict(p) for p in self.paragraphs],
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
    kind: Kind = "letter"
    sha256: str = ""  # of the text this version was read from: citations carry it, so they can be reproduced
    # What the first page says about the meeting (rag/documents/kinds/): its number ("7857": a verbatim record's,
    # the meeting that adopted a resolution or heard a presidential statement), the agenda item(s), and for a
    # verbatim record the President and the other members present (country and representative).
    meeting: str = ""
    agenda: tuple[str, ...] = ()
    president: Speaker | None = None
    members: tuple[Speaker, ...] = ()

    @property
    def slug(self) -> str:
        return document_slug(self.id)

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def passages(self) -> list[Passage]:
        return [p for s in self.walk() for p in s.paragraphs]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "date": self.date,
            "language": self.language,
            "provenance": self.provenance,
            "note": self.note,
            "annex_title": self.annex_title,
            "annex_subtitle": self.annex_subtitle,
            "signature": list(self.signature),
            "sections": [s.to_dict() for s in self.sections],
            **self._meeting_dict(),
        }

    def _meeting_dict(self) -> dict:
        out: dict = {}
        if self.meeting:
            out["meeting"] = self.meeting
        if self.agenda:
            out["agenda"] = list(self.agenda)
        if self.president is not None:
            out["president"] = self.president.to_dict()
        if self.members:
            out["members"] = [m.to_dict() for m in self.members]
        return out


class AlignmentError(ValueError):
    """A version does not have the structure of the original (other ids, or other sentence counts)."""


def alignment_problems(original: Document, version: Document) -> list[str]:
    """What keeps `version` from being aligned with `original` (empty when aligned): ids and sentence counts. A
    version may lack some of the original's paragraphs (those that could not be aligned are left out of it), never
    hold others or put them in another order."""
    problems = []
    if version.id != original.id:
        problems.append(f"symbol {version.id!r} is not {original.id!r}")
    if [s.number for s in version.walk()] != [s.number for s in original.walk()]:
        problems.append("the sections differ")
    a = {p.id: p for p in original.passages()}
    ids = [p.id for p in version.passages()]
    if not ids or ids != [pid for pid in a if pid in set(ids)]:
        problems.append("the paragraph ids differ")
        return problems
    for q in version.passages():
        p = a[q.id]
        if len(p.sentences) != len(q.sentences):
            problems.append(f"{p.id}: {len(p.sentences)} sentences in {original.language}, "
                            f"{len(q.sentences)} in {version.language}")
    return problems


def aligned_part(original: Document, version: Document) -> tuple[Document | None, list[str]]:
    """`version` without its paragraphs whose sentences do not match the original's in number, and their ids;
    (None, []) when it cannot be aligned at all (another symbol, other sections or paragraph ids, no paragraph
    left)."""
    if version.id != original.id or [s.number for s in version.walk()] != [s.number for s in original.walk()]:
        return None, []
    counts = {p.id: len(p.sentences) for p in original.passages()}
    if [p.id for p in version.passages()] != list(counts):
        return None, []
    dropped = [p.id for p in version.passages() if len(p.sentences) != counts[p.id]]
    if len(dropped) == len(counts):
        return None, []

    def trim(section: Section) -> Section:
        return replace(section, paragraphs=tuple(p for p in section.paragraphs if p.id not in dropped),
                       sections=tuple(trim(sub) for sub in section.sections))

    return replace(version, sections=tuple(trim(s) for s in version.sections)), dropped


@dataclass(frozen=True)
class DocumentVersions:
    """One document in its language versions: the authoritative original and translations aligned with it (a
    translation may lack the paragraphs that could not be aligned: `left_out`)."""

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

    def left_out(self, language: str) -> list[str]:
        """The ids of the original's paragraphs that the version in `language` lacks (left out as not aligned; all
        of them when there is no such version)."""
        doc = self.version(language)
        have = {p.id for p in doc.passages()} if doc is not None else set()
        return [p.id for p in self.original.passages() if p.id not in have]

    def passages(self, language: str | None = None) -> list[Passage]:
        """The passages of the version in `language` (default: the original), in document order."""
        doc = self.version(language) if language else self.original
        return doc.passages() if doc else []

    def with_translation(self, version: Document) -> "DocumentVersions":
        others = tuple(t for t in self.translations if t.language != version.language)
        return replace(self, translations=others + (version,))


