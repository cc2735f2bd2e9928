"""A report of the Secretary-General read into a `Document`.

Layout (../shared/reference/un-documents.md, "Report of the Secretary-General"): a title containing "Report of the
Secretary-General" / "秘书长的报告"; headings numbered with Roman numerals ("I. Introduction"; in Chinese also
"一. 导言") and capital letters ("A. Political developments"); paragraphs numbered continuously through the
report ("1.", … "87."); footnotes at the foot of a page ("3 See S/2016/1." before the page's footer); annexes.
Sections: a Roman heading is section "I", "II", … (the same key for "一" in Chinese), a lettered heading under it
"I.A"; an annex "annex" ("annexI" for "Annex I" / "附件一"); numbered paragraphs before any heading, section "0".
Passage.paragraph is the report's own paragraph number (unit "¶<n>"); the numbers ("12.") are not part of a
passage's text.
Footnotes are kept as passages of their own in section "fn" (paragraph k in order, unit "fn. <printed number>"),
out of the paragraph they interrupt, which is joined across the page break. Text between the title and the first
heading ("Summary" and its paragraphs) is section "summary" (unit "summary ¶<k>"). Written by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.layout import COVER_LINE, SYMBOL, ends_sentence, find_date
from rag.documents.kinds.lines import Block, merge_page_breaks, read_blocks, split_blocks
from rag.documents.kinds.result import Header, Parsed
from rag.types import Document, Section

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
_ZH_NUMERALS = "一二三四五六七八九十"
HEADING_TOP = re.compile(rf"^\s*(?P<n>{_ROMAN}|[{_ZH_NUMERALS}]{{1,3}})\s*[.．、]\s*(?P<title>\S.{{0,150}})$")
HEADING_SUB = re.compile(r"^\s*(?P<n>[A-Z])\s*[.．]\s+(?P<title>\S.{0,150})$|^\s*(?P<zn>[A-Z])\s*[.．](?P<zt>[^\sA-Za-z].{0,80})$")
ANNEX = re.compile(r"^\s*(?:Annex|附件)\s*(?P<n>[IVX]+|\d+|[一二三四五六七八九十]+)?\s*$")
NUMBERED = re.compile(r"^\s*(?P<n>\d{1,3})\s*[.．]\s*(?P<rest>\S.*)$", re.S)
FOOTNOTE = re.compile(r"^\s*(?P<n>\d{1,3})\s+(?P<rest>[^\s.．\d].*)$", re.S)
REPORT = re.compile(r"Report of the Secretary-General|秘书长的?报告")


def _roman(token: str) -> str:
    """ "IV" -> "IV"; "四" -> "IV" (Chinese numerals one to thirty)."""
    if not token or token[0] not in _ZH_NUMERALS:
        return token
    digits = {c: i for i, c in enumerate(_ZH_NUMERALS[:-1], 1)}
    tens, _, ones = token.partition("十") if "十" in token else ("", "", token)
    value = (digits.get(tens, 1) * 10 if "十" in token else 0) + digits.get(ones, 0)
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, r in numerals:
        while value >= v:
            out, value = out + r, value - v
    return out


def _heading(line: str) -> tuple[str, str] | None:
    """(level "top"/"sub"/"annex", key token, title) of a heading line."""
    text = line.strip()
    if len(text) > 160 or ends_sentence(text) and not text.endswith((":", "：")) and len(text) > 60:
        return None
    m = HEADING_TOP.match(text)
    if m and m.group("n"):
        return _roman(m.group("n")), m.group("title").strip()
    m = HEADING_SUB.match(text)
    if m:
        return "." + (m.group("n") or m.group("zn")), (m.group("title") or m.group("zt")).strip()
    m = ANNEX.match(text)
    if m:
        return "annex" + (_roman(m.group("n")) if m.group("n") else ""), text
    return None


def _starts(line: str, prev: str) -> bool:
    after = ends_sentence(prev) or _heading(prev) is not None or bool(REPORT.search(prev))
    return after and bool(NUMBERED.match(line)) or _heading(line) is not None or after and _heading(prev) is not None


def _footnotes(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    """The blocks without the footnotes that stand right before a page break (or at the end), and the footnotes
    as (printed number, text)."""
    notes: dict[int, tuple[str, str]] = {}
    for i in range(len(blocks)):
        j = i
        while j < len(blocks) and FOOTNOTE.match(blocks[j].first) and not NUMBERED.match(blocks[j].first):
            j += 1
        if j > i and (j == len(blocks) or blocks[j].page_break) and (i == 0 or not FOOTNOTE.match(blocks[i - 1].first)):
            for k in range(i, j):
                m = FOOTNOTE.match(blocks[k].text)
                notes[k] = (m.group("n"), m.group("rest").strip())
    kept = [b for k, b in enumerate(blocks) if k not in notes]
    for k in sorted(notes):  # the block after a removed footnote run inherits its page break
        if k + 1 < len(blocks) and k + 1 not in notes:
            blocks[k + 1].page_break = True
    return kept, [notes[k] for k in sorted(notes)]


# A footnote's mark as the text layer flattens its superscript: its number right after a sentence's (or a clause's)
# end ("… countries. 1 Between …", "…国家。1 在…").
_NOTE_MARK = re.compile(r"(?<=[.;:,”\"。；：，）)])\s?(\d{1,3})(?=\s|$)")


def _without_note_marks(paragraphs: list[str], numbers: set[str]) -> list[str]:
    """The paragraphs without the marks of the report's own footnotes (no other number is touched)."""
    if not numbers:
        return paragraphs
    return [_NOTE_MARK.sub(lambda m: "" if m.group(1) in numbers else m.group(0), p).rstrip() for p in paragraphs]


@dataclass
class _Part:
    key: str
    title: str
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    subs: list["_Part"] = field(default_factory=list)
    numbered: bool = False  # its paragraphs carry the report's numbers


def _read(paragraphs: list[str]) -> tuple[list[str], list[_Part]]:
    head: list[str] = []
    parts: list[_Part] = []
    last = 0
    for para in paragraphs:
        h, num = _heading(para), NUMBERED.match(para)
        if h and h[0].startswith("."):
            top = parts[-1] if parts else None
            if top is None:
                parts.append(top := _Part("0", ""))
            top.subs.append(_Part(top.key + h[0], h[1]))
        elif h:
            parts.append(_Part(h[0], h[1]))
            last = 0 if h[0].startswith("annex") else last  # an annex numbers its paragraphs anew
        elif num and int(num.group("n")) > last:
            last = int(num.group("n"))
            if not parts:
                parts.append(_Part("0", ""))
            target = parts[-1].subs[-1] if parts[-1].subs else parts[-1]
            target.paragraphs.append((last, num.group("rest").strip()))
            target.numbered = True
        elif not parts:
            head.append(para)
        else:
            target = parts[-1].subs[-1] if parts[-1].subs else parts[-1]
            if target.paragraphs and (target.numbered or len(para) > 120 or ends_sentence(para)):
                n, t = target.paragraphs[-1]
                target.paragraphs[-1] = (n, f"{t} {para}") if target.numbered else (n, t)
                if not target.numbered:
                    target.paragraphs.append((n + 1, para))
            elif len(para) <= 120 and not ends_sentence(para):
                target.title = f"{target.title} {para}".strip()  # a heading (an annex's title) on two lines
            else:
                target.paragraphs.append((1, para))  # an unnumbered text (an annex's): numbered in order
    return head, parts


def _section(symbol: str, language: str, part: _Part, path: tuple[str, ...]) -> Section:
    path = path + (part.title,)
    passages = [passage(symbol, language, part.key, n, t, path=path, unit=f"¶{n}") for n, t in part.paragraphs]
    subs = [_section(symbol, language, s, path) for s in part.subs]
    return section(part.key, part.title, passages, "annex" if part.key.startswith("annex") else "body", subs)


def _summary(symbol: str, language: str, after_title: list[str]) -> Section | None:
    """What stands between the title and the first heading ("Summary" and its text): section "summary", unit
    "summary ¶<k>"; a short first line is its title."""
    if not after_title:
        return None
    title = "摘要" if language == "zh" else "Summary"
    if len(after_title[0]) <= 40 and not ends_sentence(after_title[0]):
        title, after_title = after_title[0], after_title[1:]
    passages = [passage(symbol, language, "summary", k, t, path=(title,), unit=f"summary ¶{k}")
                for k, t in enumerate(after_title, 1)]
    return section("summary", title, passages, "body") if passages else None


def parse_report(text: str, header: Header) -> Parsed:
    language, symbol = header.language, header.symbol
    blocks, notes = _footnotes(split_blocks(read_blocks(text, symbol), _starts))
    blocks = merge_page_breaks(blocks, lambda line, prev: bool(NUMBERED.match(line)) or _heading(line) is not None)
    paragraphs = [b.text for b in blocks if b.lines and not COVER_LINE.match(b.text) and not SYMBOL.fullmatch(b.text)]
    head, parts = _read(_without_note_marks(paragraphs, {n for n, _ in notes}))
    warnings = [] if any(p.paragraphs or p.subs for p in parts) else [
        "no numbered paragraphs were recognised in this report"]
    sections = [_section(symbol, language, p, ()) for p in parts]
    if notes:
        sections.append(section("fn", "脚注" if language == "zh" else "Footnotes",
                                [passage(symbol, language, "fn", k, t, unit=f"fn. {n}")
                                 for k, (n, t) in enumerate(notes, 1)], "notes"))
    at = next((i for i, h in enumerate(head) if REPORT.search(h)), None)
    title = head[at] if at is not None else (head[-1] if head else symbol)
    if at and REPORT.fullmatch(title.strip()) and not find_date(head[at - 1]):
        title = f"{head[at - 1]}: {title}"
    summary = _summary(symbol, language, head[at + 1:] if at is not None else [])
    sections = ([summary] if summary else []) + sections
    found = find_date("\n".join(head)) or find_date(text[:3000])
    doc = Document(id=symbol, title=header.title or title, date=header.date or (found[0] if found else ""),
                   language=language, sections=tuple(sections), kind="report")
    return Parsed(doc, warnings)
