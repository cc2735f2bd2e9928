"""A statement by the President of the Security Council (S/PRST) read into a `Document`.

Layout (../shared/reference/un-documents.md, "Presidential statement"): the title "Statement by the President of
the Security Council" / "安全理事会主席的声明"; an intro "At the <n>th meeting of the Security Council, held on
<date>, in connection with the Council's consideration of the item entitled '…', the President … made the
following statement on behalf of the Council:" / "…安全理事会第<n>次会议…发表如下声明："; then unnumbered
paragraphs, each opening "The Security Council …" / "安全理事会…".
Sections: "intro" (part "intro", unit "intro") and "body" (part "body", unit "¶<k>"). The meeting number, date
(the meeting's) and the item (the quoted title, Document.agenda) come from the intro. Written by hand.
"""
from __future__ import annotations

import re

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.layout import COVER_LINE, SYMBOL, find_date
from rag.documents.kinds.layout import ends_sentence
from rag.documents.kinds.lines import merge_page_breaks, never, read_blocks, split_blocks
from rag.documents.kinds.result import Header, Parsed
from rag.documents.kinds.verbatim_layout import MEETING_EN, MEETING_ZH
from rag.types import Document

TITLE = re.compile(r"^\s*(?:Statement by the President of the Security Council|安全理事会主席的?声明)\s*$")
INTRO = re.compile(r"made the following statement|following statement on behalf|发表(?:了)?(?:如下|以下)声明")
OPENS = re.compile(r"^\s*[“\"]?\s*(?:The Security Council|安全理事会|安理会)")  # a paragraph of the statement
AT = re.compile(r"^\s*At (?:the|its) \d{3,5}\w*\s+meeting")
ITEM = re.compile(r"entitled\s*[“\"‘'](?P<en>.+?)[”\"’']|题为\s*[“「‘\"](?P<zh>.+?)[”」’\"]", re.S)


def _starts(line: str, prev: str) -> bool:
    return bool(TITLE.match(prev) or TITLE.match(line) or AT.match(line)
                or ends_sentence(prev) and OPENS.match(line))


def parse_statement(text: str, header: Header) -> Parsed:
    language, symbol = header.language, header.symbol
    blocks = split_blocks(read_blocks(text, symbol), _starts)
    blocks = merge_page_breaks(blocks, never)
    paragraphs = [b.text for b in blocks if b.lines and not COVER_LINE.match(b.text) and not SYMBOL.fullmatch(b.text)]
    at = next((i for i, p in enumerate(paragraphs) if INTRO.search(p)), None)
    warnings = []
    if at is None:
        warnings.append("the statement's introduction (meeting, date, item) was not recognised")
        title_at = next((i for i, p in enumerate(paragraphs) if TITLE.match(p)), -1)
        intro, body = "", paragraphs[title_at + 1:]
    else:
        intro, body = paragraphs[at], paragraphs[at + 1:]
    meeting = MEETING_EN.search(intro) or MEETING_ZH.search(intro)
    item = ITEM.search(intro)
    found = find_date(intro) or find_date("\n".join(paragraphs[:8]))
    sections = []
    if intro:
        sections.append(section("intro", "导言" if language == "zh" else "Introduction",
                                [passage(symbol, language, "intro", 1, intro, unit="intro")], "intro"))
    sections.append(section("body", "声明" if language == "zh" else "Statement",
                            [passage(symbol, language, "body", k, t, unit=f"¶{k}") for k, t in enumerate(body, 1)],
                            "body"))
    title = next((p for p in paragraphs if TITLE.match(p)), "")
    doc = Document(id=symbol, title=header.title or title or symbol, date=header.date or (found[0] if found else ""),
                   language=language, sections=tuple(sections), kind="presidential_statement",
                   meeting=meeting.group(1) if meeting else "",
                   agenda=(re.sub(r"\s+", " ", item.group("en") or item.group("zh")).strip(),) if item else ())
    return Parsed(doc, warnings)
