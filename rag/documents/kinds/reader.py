"""Text (or a file) in, a typed `Document` out, for every kind: `parse_text` detects the language, the symbol and
the kind, and hands the text to that kind's reader; `read_file` reads a .txt (UTF-8) or a .pdf first.

Anything not recognised is read as headings and paragraphs (kind "other") with a warning, never a crash; a text
that cannot be read at all (empty, binary, not a PDF, no symbol) raises `UnreadableDocument` with one line.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Callable

from rag.documents.kinds.detect import check_readable, kind_of, language_of, symbol_of
from rag.documents.kinds.headings import paragraph_blocks, read_parts, sections_of
from rag.documents.kinds.layout import SYMBOL, find_date, normal_symbol
from rag.documents.kinds.letter import parse_letter
from rag.documents.kinds.lines import read_blocks
from rag.documents.kinds.report import parse_report
from rag.documents.kinds.resolution import parse_resolution
from rag.documents.kinds.result import Header, Parsed, UnreadableDocument
from rag.documents.kinds.statement import parse_statement
from rag.documents.kinds.verbatim import parse_verbatim
from rag.types import Document, Kind

log = logging.getLogger(__name__)

OTHER_WARNING = "not recognised as a UN document kind; read as headings and paragraphs"


def parse_other(text: str, header: Header) -> Parsed:
    blocks = [b for b in paragraph_blocks(read_blocks(text, header.symbol)) if not SYMBOL.fullmatch(b.text)]
    parts = read_parts(blocks)
    title = header.title or parts[0].title or next((p for part in parts for p in part.paragraphs), "")[:80]
    found = find_date("\n".join(b.text for b in blocks[:10]))
    doc = Document(id=header.symbol, title=title, date=header.date or (found[0] if found else ""),
                   language=header.language, sections=tuple(sections_of(parts, header.symbol, header.language)),
                   kind="other")
    return Parsed(doc, [OTHER_WARNING])


READERS: dict[Kind, Callable[[str, Header], Parsed]] = {
    "letter": parse_letter, "verbatim_record": parse_verbatim, "resolution": parse_resolution,
    "presidential_statement": parse_statement, "report": parse_report, "other": parse_other,
}


def _given_symbol(symbol: str) -> str:
    m = SYMBOL.fullmatch(symbol.strip())
    return normal_symbol(m) if m else symbol.strip()


def parse_text(text: str, *, language: str | None = None, symbol: str | None = None,
               meta: dict | None = None) -> Parsed:
    """The `Document` a UN document's text holds, and warnings for the user. `language` ("zh"/"en") and `symbol`
    override what the text says; `meta` may add "title", "date" and (for a letter) "top_level_headings"."""
    check_readable(text)
    meta = meta or {}
    text = text.lstrip("\ufeff")
    language = language or meta.get("language") or language_of(text)
    if language not in ("zh", "en"):
        raise UnreadableDocument(f"language {language!r} is not read here; give zh or en")
    symbol = _given_symbol(symbol or meta.get("symbol") or "") or symbol_of(text)
    if not symbol:
        raise UnreadableDocument("no document symbol (such as S/2017/105 or S/PV.7857) was found in the text; "
                                 "pass it with --symbol")
    kind = kind_of(text, symbol)
    header = Header(language=language, symbol=symbol, date=meta.get("date", ""), title=meta.get("title", ""),
                    top_level_headings=tuple(meta.get("top_level_headings") or ()))
    try:
        parsed = READERS[kind](text, header)
    except Exception as e:  # a kind's reader met a layout it does not expect: fall back, say so, never crash
        log.warning("%s: reading it as a %s failed (%s); read as headings and paragraphs", symbol, kind, e)
        other = parse_other(text, header)
        parsed = Parsed(other.document, [f"it looks like a {kind.replace('_', ' ')} but could not be read "
                                         f"as one ({type(e).__name__})"] + other.warnings)
    doc = replace(parsed.document, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    warnings = list(parsed.warnings)
    if not doc.date:
        warnings.append("no date was found in the text")
    if not doc.passages():
        warnings.append("no paragraphs were found")
    return Parsed(doc, warnings)


def read_file(path: Path) -> str:
    """The text of a .pdf (rag/documents/kinds/pdf.py) or of a UTF-8 text file."""
    from rag.documents.kinds.pdf import read_pdf

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(f"cannot read {path}: {e.strerror or e}") from None
    if path.suffix.lower() == ".pdf" or raw.startswith(b"%PDF-"):
        return read_pdf(path)
    if b"\x00" in raw[:20000]:
        raise UnreadableDocument(f"{path} is binary, not text (NUL bytes); give a UTF-8 text extract or a PDF")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UnreadableDocument(f"{path} is not UTF-8 text (bad byte at offset {e.start}); save it as UTF-8") from None


def parse_file(path: Path, *, language: str | None = None, symbol: str | None = None,
               meta: dict | None = None) -> Parsed:
    return parse_text(read_file(path), language=language, symbol=symbol, meta=meta)
