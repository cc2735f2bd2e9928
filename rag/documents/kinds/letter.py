"""A letter (often with an annex) read into a `Document`.

Text in the seed's shape (S/2017/105: titles indented by two or more spaces, every printed line followed by an
empty line) goes to the seed's parser, rag.documents.parse.parse_document: sections "0" (the letter, part "letter",
its signature and then its dated heading as the last paragraphs), "1", "2", … and "3.3" (the annex's sections;
which headings are top-level comes from the caller's meta, `top_level_headings`). Other text layers are read by
headings (rag/documents/kinds/headings.py): section "0" the letter (title "Letter dated …" / "…的信", paragraphs,
the signature block after "(Signed)" / "(签名)", then the heading again as a paragraph of its own, so that "when was
the letter written?" can cite its date), then the annex ("Annex to the letter dated …" / "…的信的附件") with one
section per heading, "1", "2", …, part "annex". Units are empty: labels read "§<section> ¶<paragraph>".
"""
from __future__ import annotations

import re

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.headings import paragraph_blocks, read_parts, sections_of
from rag.documents.kinds.layout import SYMBOL, find_date
from rag.documents.kinds.lines import read_blocks
from rag.documents.kinds.result import Header, Parsed
from rag.documents.parse import ParseError, parse_document
from rag.types import Document

TITLE = re.compile(r"^\s*(?:Identical\s+)?[Ll]etters? dated\b|的(?:同文)?信\s*$")
ANNEX_TITLE = re.compile(r"^\s*(?:Annex|Enclosure)\b|的(?:同文)?信的(?:附件|附文)|^\s*附件")
SIGNED = re.compile(r"[(（]\s*(?:Signed|签名)\s*[)）]")
_SEED_TITLE = re.compile(r"^ {2,}\S.*(?:的信|Letter dated)", re.M)


def _seed_shape(text: str) -> bool:
    return bool(_SEED_TITLE.search(text[:3000]))


def _parse_seed(text: str, header: Header) -> Parsed:
    title = header.title or _SEED_TITLE.search(text).group(0).strip()
    found = find_date(title)
    meta = {"symbol": header.symbol, "language": header.language, "date": header.date or (found[0] if found else ""),
            "title": header.title, "top_level_headings": list(header.top_level_headings)}
    doc = parse_document(text, meta)
    warnings = [] if header.top_level_headings else [
        "the annex's heading levels are not in the text; every heading is read as a section of its own "
        "(pass top_level_headings in meta to nest subsections)"]
    return Parsed(doc, warnings)


def parse_letter(text: str, header: Header) -> Parsed:
    if _seed_shape(text):
        try:
            return _parse_seed(text, header)
        except ParseError:
            pass  # not quite the seed's shape: read it by headings below
    language, symbol = header.language, header.symbol
    blocks = [b for b in paragraph_blocks(read_blocks(text, symbol)) if not SYMBOL.fullmatch(b.text)]
    texts = [b.text for b in blocks]
    start = next((i for i, t in enumerate(texts) if TITLE.search(t)), 0)
    annex_at = next((i for i, t in enumerate(texts) if i > start and ANNEX_TITLE.search(t)), len(texts))
    letter = texts[start + 1:annex_at]
    signed = next((i for i, t in enumerate(letter) if SIGNED.search(t)), None)
    body, signature = (letter, []) if signed is None else _split_signature(letter, signed)
    if signature:  # the signature block line by line, as the seed's parser gives it
        signature = [line.text for b in blocks[start + 1 + len(body):start + 2 + signed] for line in b.lines]
    title = header.title or (texts[start] if texts else symbol)
    heading = [texts[start]] if texts and TITLE.search(texts[start]) and find_date(texts[start]) else []
    paras = body + ([" ".join(signature)] if signature else []) + heading
    sections = [section("0", title, [passage(symbol, language, "0", i, t, path=(title,))
                                     for i, t in enumerate(paras, 1)], "letter")]
    annex_title = texts[annex_at] if annex_at < len(texts) else ""
    sections += sections_of(read_parts(blocks[annex_at + 1:]), symbol, language, first=1, part="annex")
    found = find_date(title) or find_date("\n".join(texts[:start + 1]))
    doc = Document(id=symbol, title=title, date=header.date or (found[0] if found else ""), language=language,
                   annex_title=annex_title, signature=tuple(signature), sections=tuple(sections), kind="letter")
    return Parsed(doc, [])


def _split_signature(letter: list[str], signed: int) -> tuple[list[str], list[str]]:
    """(the letter's paragraphs, the signature block): the short blocks that end at "(Signed) …"."""
    begin = signed
    while begin > 0 and len(letter[begin - 1]) <= 60 and not letter[begin - 1].endswith(("。", ".")):
        begin -= 1
    return letter[:begin], letter[begin:signed + 1]
