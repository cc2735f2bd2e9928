"""The document kinds of the library: text (or a PDF) in, a typed `Document` out, in Chinese and English.

    parse_text(text, *, language=None, symbol=None, meta=None) -> Parsed(document, warnings)
    parse_file(path, ...) -> Parsed;  read_file(path) -> str;  read_pdf(path) -> str
    UnreadableDocument (a rag.documents.parse.ParseError): the one error for "cannot read this"

One module per kind (letter, verbatim, resolution, statement, report; headings for "other"), their shared layout
patterns in layout.py, lines and page furniture in lines.py.
"""
from rag.documents.kinds.pdf import read_pdf
from rag.documents.kinds.reader import OTHER_WARNING, parse_file, parse_text, read_file
from rag.documents.kinds.result import Header, Parsed, UnreadableDocument

__all__ = ["Header", "OTHER_WARNING", "Parsed", "UnreadableDocument", "parse_file", "parse_text", "read_file",
           "read_pdf"]
