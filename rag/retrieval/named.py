"""Which documents of the library a question names: by symbol (S/2025/402, S/PV.9412, S/RES/2805 (2025)), a
resolution by its number ("resolution 2805", 第 2805(2025)号决议), a verbatim record by its meeting ("the 9412th
meeting", 第 9412 次会议). The one document a question names leads its ranking (rag/retrieval/fusion.py,
`lead_document_prior`): "Which resolution does S/2025/402 invoke…?" is a question about the report, however well
another document's passages match its words.

Written by hand: the spellings are the UN's document symbols and how Chinese and English texts cite them
(../shared/reference/un-documents.md); no library knows them.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from rag.analysis.text import squash
from rag.types import Document

_RESOLUTION = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)")
_ORDINAL = ("th", "st", "nd", "rd")


def names_of(doc: Document) -> tuple[str, ...]:
    """The spellings that name `doc`, without spaces and lower-cased, as `named_documents` looks for them."""
    names = [squash(doc.id).lower()]
    resolution = _RESOLUTION.match(doc.id)
    if resolution:
        n, year = resolution.groups()
        names += [f"resolution{n}", f"{n}({year})号", f"{n}号决议", f"决议{n}"]
    if doc.kind == "verbatim_record" and doc.meeting:
        m = doc.meeting
        names += [f"{m}{o}meeting" for o in _ORDINAL] + [f"meeting{m}", f"{m}次会议", f"s/pv.{m}"]
    return tuple(dict.fromkeys(names))


def _bounded(name: str, text: str) -> bool:
    """`name` in `text`, not as part of a longer number or symbol (S/2025/40 is not in S/2025/402)."""
    for m in re.finditer(re.escape(name), text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if not (before.isdigit() or (name[0].isdigit() and before in "/.")) and not after.isdigit():
            return True
    return False


def named_documents(question: str, documents: Sequence[Document] | Iterable[Document]) -> list[int]:
    """The positions, in `documents`, of those the question names (in any of `names_of`)."""
    text = squash(question).lower()
    return [i for i, doc in enumerate(documents) if any(_bounded(n, text) for n in names_of(doc))]
