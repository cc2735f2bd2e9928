"""What a text is before it is read: readable at all, its language, its symbol and its kind.

The kind is read from the symbol's shape (S/PV., S/RES/, S/PRST/) and from the title words of the first page
("Report of the Secretary-General", "Letter dated … addressed to", "Statement by the President of the Security
Council"), in English and Chinese. Written by hand: these are UN conventions; no library classifies them.
"""
from __future__ import annotations

import re

from rag.analysis.text import detect_language
from rag.documents.kinds.layout import SYMBOL, ends_sentence, normal_symbol
from rag.documents.kinds.result import UnreadableDocument
from rag.documents.kinds.verbatim_layout import MEETING_EN, MEETING_ZH, SPEAKER_EN, SPEAKER_ZH
from rag.types import Kind

_HEAD_CHARS = 3000  # the first page or so: where the symbol, the title and the cover block stand
# A resolution's title stands on a line of its own (a report or a letter cites resolutions inside sentences).
_RESOLUTION = re.compile(r"^\s*(?:Resolution\s+(\d{1,5})\s*\((\d{4})\)|第\s*(\d{1,5})\s*[(（]\s*(\d{4})\s*[)）]\s*号决议)\s*$",
                         re.M)
_STATEMENT = re.compile(r"Statement by the President of the Security Council|安全理事会主席的?声明")
_REPORT = re.compile(r"Report of the Secretary-General|秘书长的?报告")
_LETTER = re.compile(r"\b(?:Identical\s+)?[Ll]etters? dated\b.{0,300}?\baddressed to\b|给(?:秘书长|安全理事会主席)的(?:同文)?信",
                     re.S)


def check_readable(text: str) -> None:
    """Raise UnreadableDocument for an empty, whitespace-only or binary text."""
    if not text or not text.strip():
        raise UnreadableDocument("the file holds no text (it is empty or whitespace only)")
    sample = text[:20000]
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t\f")
    if "\x00" in sample or printable < 0.9 * len(sample):
        raise UnreadableDocument("the file is binary, not text (NUL bytes or mostly non-printable characters); "
                                 "give a UTF-8 text extract or a PDF")


def language_of(text: str) -> str:
    return detect_language(text[:20000])


# The words the cover's first line may hold beside the symbol.
_COVER_WORDS = re.compile(r"United\s+Nations|联\s*合\s*国|Security\s+Council|安\s*全\s*理\s*事\s*会")


def symbol_of(text: str) -> str | None:
    """The document's symbol: the first one on the first page, else one built from the title ("Resolution 2334
    (2016)", "7857th meeting")."""
    head = text[:_HEAD_CHARS]
    for line in head.splitlines():  # the cover's symbol stands on a short line, not inside a sentence
        m = SYMBOL.search(line)
        if not m or ends_sentence(line) or "(see" in line or "见" in line or "://" in line:
            continue
        if re.search(r"[(（]\s*$", line[:m.start()]):  # "(S/2026/310)": a document the text refers to
            continue
        if len(_COVER_WORDS.sub("", line).strip()) <= 60:  # "United Nations      S/PV.9701" too
            return normal_symbol(m)
    r = _RESOLUTION.search(head)
    if r:
        return f"S/RES/{r.group(1) or r.group(3)} ({r.group(2) or r.group(4)})"
    meeting = MEETING_EN.search(head) or MEETING_ZH.search(head)
    if meeting and _speaker_lines(text) >= 2:
        return f"S/PV.{meeting.group(1)}"
    return None


def _speaker_lines(text: str) -> int:
    lines = text.splitlines()
    return sum(1 for line in lines if SPEAKER_EN.match(line) or SPEAKER_ZH.match(line))


def kind_of(text: str, symbol: str) -> Kind:
    """The kind its symbol says (S/PV., S/RES/, S/PRST/), else the kind whose title words come first."""
    head = text[:_HEAD_CHARS]
    for prefix, kind in (("S/PV.", "verbatim_record"), ("S/RES/", "resolution"), ("S/PRST/", "presidential_statement")):
        if symbol.startswith(prefix):
            return kind
    if (MEETING_EN.search(head) or MEETING_ZH.search(head)) and _speaker_lines(text) >= 2:
        return "verbatim_record"
    titles: list[tuple[int, Kind]] = []
    for pattern, kind in ((_RESOLUTION, "resolution"), (_STATEMENT, "presidential_statement"), (_REPORT, "report"),
                          (_LETTER, "letter")):
        m = pattern.search(head)
        if m:
            titles.append((m.start(), kind))
    return min(titles)[1] if titles else "other"
