"""What reading a document gives: `Parsed` (the `Document` and the warnings for the user), `Header` (what the
first lines say: language, symbol, date) and the one error for a text that cannot be read."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rag.documents.corpus import CorpusError
from rag.documents.parse import ParseError
from rag.types import Document


class UnreadableDocument(CorpusError, ParseError):
    """The input cannot be read as a document: empty, binary, not a PDF, or without a symbol. One line, for the
    user. The library's one error for "cannot read this" is CorpusError (the command line turns it into one line
    and its exit code); it is a ParseError too, for callers of the seed's parser."""


class Parsed(NamedTuple):
    document: Document
    warnings: list[str]


@dataclass(frozen=True)
class Header:
    """What every kind needs before it reads its body."""

    language: str  # "zh" or "en"
    symbol: str
    date: str = ""  # ISO yyyy-mm-dd, or "" when the text gives none
    title: str = ""  # the caller's title, when given (meta["title"])
    top_level_headings: tuple[str, ...] = ()  # a letter's annex: which headings are sections (meta)
