"""Finding one's way in a library: the document a passage id belongs to, a passage by id with its neighbours, and
the letter named the same way everywhere a reader sees a section number."""
from __future__ import annotations

from typing import Mapping, NamedTuple

from rag.types import Document, DocumentVersions, Passage, document_slug

LETTER = {"zh": "信函", "en": "Letter"}  # section "0": the cover letter


class Neighbourhood(NamedTuple):
    passage: Passage
    before: Passage | None  # the paragraph before it in the same section
    after: Passage | None


def find_passage(document: Document, passage_id: str) -> Neighbourhood | None:
    """The passage with this id and its neighbours within the same section, or None."""
    for section in document.walk():
        for i, p in enumerate(section.paragraphs):
            if p.id == passage_id:
                before = section.paragraphs[i - 1] if i > 0 else None
                after = section.paragraphs[i + 1] if i + 1 < len(section.paragraphs) else None
                return Neighbourhood(p, before, after)
    return None


def versions_of(library: Mapping[str, DocumentVersions], passage_id: str) -> DocumentVersions | None:
    """The document (in its versions) a passage id belongs to: ids start with the document's slug
    ("S_PV.7857:t3:1"), or None when the library holds no such document."""
    slug = passage_id.split(":", 1)[0]
    return next((v for v in library.values() if document_slug(v.id) == slug), None)


def section_name(number: str, language: str) -> str:
    """"§3.3", or the letter's name in `language` for section 0."""
    return LETTER.get(language, LETTER["en"]) if number == "0" else f"§{number}"
