"""Passages and sections with their ids, units and sentences, the same way for every kind."""
from __future__ import annotations

from rag.analysis.text import sentence_spans
from rag.types import Passage, Section, Speaker, document_slug


def passage(symbol: str, language: str, section: str, paragraph: int, text: str, *, path: tuple[str, ...] = (),
            unit: str = "", speaker: Speaker | None = None) -> Passage:
    """One passage: id `<slug>:<section>:<paragraph>`, its sentences from `sentence_spans`."""
    return Passage(id=f"{document_slug(symbol)}:{section}:{paragraph}", doc_symbol=symbol, section=section,
                   section_path=path, paragraph=paragraph, text=text,
                   sentences=tuple((s.start, s.end) for s in sentence_spans(text)), language=language, unit=unit,
                   speaker=speaker)


def section(number: str, title: str, passages: list[Passage], part: str, subs: list[Section] | None = None) -> Section:
    return Section(number=number, title=title, paragraphs=tuple(passages), sections=tuple(subs or ()), part=part)
