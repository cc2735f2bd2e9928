"""A PDF's text layer as text in the shape of the project's .txt extracts: one line per printed line, an empty line
between text boxes (paragraphs, headings), a form feed between pages.

pdfminer.six (MIT, pure Python, maintained) is used rather than pypdf: its layout analysis groups lines into boxes,
so paragraphs come out separated by empty lines, as the kinds' readers expect; pypdf's extract_text gives lines
with no paragraph breaks. Its CMaps decode the Adobe CJK encodings Chinese UN PDFs use.
"""
from __future__ import annotations

import logging
from pathlib import Path

from rag.documents.kinds.result import UnreadableDocument

log = logging.getLogger(__name__)


def read_pdf(path: Path) -> str:
    """The text of the PDF at `path`; UnreadableDocument (one line) when it is not a readable PDF."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    try:
        head = path.read_bytes()[:1024]
    except OSError as e:
        raise UnreadableDocument(f"cannot read {path}: {e.strerror or e}") from None
    if b"%PDF-" not in head:
        raise UnreadableDocument(f"{path} is not a PDF (no %PDF- header)")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        text = extract_text(str(path), laparams=LAParams(line_margin=0.5, char_margin=2.0, boxes_flow=None))
    except PDFSyntaxError as e:
        raise UnreadableDocument(f"{path} is not a valid PDF ({e})") from None
    except Exception as e:  # pdfminer raises many kinds of error on a damaged file
        raise UnreadableDocument(f"{path} is a damaged PDF ({type(e).__name__}: {e})".split("\n")[0]) from None
    if not text.strip():
        raise UnreadableDocument(f"{path} has no text layer (a scanned PDF?); give its text")
    log.debug("%s: %d characters of text", path, len(text))
    return text
