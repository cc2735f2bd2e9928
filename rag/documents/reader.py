"""Reading a file a user adds: its text (a text file as extracted from a UN PDF, or the PDF itself, through
pdfminer.six), and the typed document recovered from it (`read_document`: the layout parsers of rag/documents/kinds/).
Files that are empty, binary or not what their name says get one line saying so (`CorpusError`)."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import NamedTuple

from rag.documents.corpus import CorpusError
from rag.documents.parse import ParseError, parse_document
from rag.types import Document

log = logging.getLogger(__name__)

SYMBOL = re.compile(r"S/(?:PV\.\d+(?:\s*\(Resumption\s*\d+\))?|RES/\d+\s*\(\d{4}\)|PRST/\d{4}/\d+|\d{4}/\d+)"
                    r"(?:/(?:Rev|Corr)\.\d+)*")


class Parsed(NamedTuple):
    """A recovered document and what the reader should know about how it was read."""

    document: Document
    warnings: tuple[str, ...] = ()


def read_source(path: Path) -> str:
    """The text of a file to add; raises CorpusError with one line when it cannot be read as text."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CorpusError(f"{path} is a folder, not a file") from None
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror}") from None
    if raw.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return _pdf_text(path, raw)
    if b"\x00" in raw[:4096]:
        raise CorpusError(f"{path} is a binary file, not text extracted from a UN document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path} is not UTF-8 text (bad byte at offset {e.start}); save it as UTF-8") from None
    if not text.strip():
        raise CorpusError(f"{path} is empty")
    return text


def _pdf_text(path: Path, raw: bytes) -> str:
    """The PDF's text layer in the shape the layout parsers read (rag/documents/kinds/pdf.py: pdfminer.six keeps
    the empty line between paragraphs, which pypdf's extract_text loses)."""
    if not raw.startswith(b"%PDF"):
        raise CorpusError(f"{path} is not a PDF file (it does not start with %PDF)")
    from rag.documents.kinds.pdf import read_pdf

    return read_pdf(path)  # UnreadableDocument, a CorpusError, with one line when it cannot be read


def read_document(text: str, *, language: str | None = None, symbol: str | None = None) -> Parsed:
    """The typed document in `text`: its kind, symbol, date, title and units, by the UN layout parsers."""
    try:
        from rag.documents.kinds import parse_text
    except ImportError:  # the layout parsers are not there yet: letters with annexes only
        return _read_letter(text, language, symbol)
    parsed = parse_text(text, language=language, symbol=symbol)
    return Parsed(parsed.document, tuple(parsed.warnings))


def _read_letter(text: str, language: str | None, symbol: str | None) -> Parsed:
    found = SYMBOL.search(text)
    symbol = symbol or (found.group(0) if found else None)
    if not symbol:
        raise CorpusError("no document symbol (such as S/2017/105) was found in the text; give it with --symbol")
    lang = language or ("zh" if len(re.findall(r"[\u4e00-\u9fff]", text)) > len(re.findall(r"[A-Za-z]", text)) / 4
                        else "en")
    try:
        doc = parse_document(text, {"symbol": symbol, "language": lang})
    except ParseError as e:
        raise CorpusError(f"cannot recover the structure of {symbol}: {e}") from None
    return Parsed(doc)
