"""From extracted text to blocks of lines: page furniture removed, page breaks remembered, paragraphs split and joined.

Two shapes of text layer are read (both seen in the project: the seed's .txt and a PDF library's output):
- "double-spaced": every printed line is followed by an empty line (the seed, data/S_2017_105_zh.txt); there a
  line holding only spaces or ending with a space closes a block, and an indented line after a finished sentence
  starts one;
- "single-spaced": one line per printed line, an empty line between paragraphs (pdfminer.six, hand-made extracts).
A page's header and footer (job number, `page/pages`, the symbol repeated with the meeting's title or date) are
removed and leave a page-break mark, so that a paragraph cut by the page is joined again (`Para.page_break`).
Written by hand: no library knows the UN's page furniture; kinds split blocks further by their own unit starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from rag.documents.kinds.layout import (CJK_CHAR, COVER_LINE, FURNITURE, NUMERIC_DATE, PAGE_NUMBER, SYMBOL, ZH_DATE, EN_DATE,
                                        ends_sentence, normal_symbol)

_PAGE = "\f"
_URL_LINE = re.compile(r"^\s*https?://\S+\s*$")
_FOOTNOTE_RULE = re.compile(r"^\s*_{5,}\s*$")  # the short rule a PDF's text layer gives as underscores
_NOTE_START = re.compile(r"^\s*\d{1,3}\s+\S")
StartTest = Callable[[str, str], bool]  # (line, previous line) -> the line starts a new unit


@dataclass
class Line:
    text: str  # stripped, inner whitespace kept
    indent: int = 0


@dataclass
class Block:
    lines: list[Line] = field(default_factory=list)
    page_break: bool = False  # a page break stands right before this block

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def first(self) -> str:
        return self.lines[0].text if self.lines else ""


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: nothing between Chinese characters or after a hyphen that ends a word, one space else."""
    out = ""
    for line in lines:
        line = re.sub(r"[ \t\u00a0]+", " ", line.strip())
        if not line:
            continue
        if out:
            glue = ""
            if not (CJK_CHAR.match(out[-1]) or CJK_CHAR.match(line[0])):
                glue = "" if re.search(r"[A-Za-z]-$", out) and line[0].islower() else " "
            out += glue
        out += line
    return out


def _double_spaced(raw: list[str]) -> bool:
    content = [i for i, r in enumerate(raw) if r.strip()]
    if len(content) < 4:
        return False
    followed = sum(1 for i in content if i + 1 < len(raw) and raw[i + 1] == "")
    if followed < 0.9 * len(content):
        return False
    # One-line paragraphs look the same: the seed's shape also keeps trailing spaces, or wraps its lines.
    marks = sum(1 for r in raw if r.strip() and r != r.rstrip()) + sum(1 for r in raw if r and not r.strip() and r != _PAGE)
    wrapped = sum(1 for i in content if len(raw[i].strip()) >= 30 and not ends_sentence(raw[i]))
    return marks > 0 or wrapped >= 0.3 * len(content)


def _is_running_header(line: str, symbol: str, seen_symbol: bool) -> bool:
    """A later page's header: the document's symbol first (even pages: "S/PV.9701  Title  07/05/2026") or last
    (odd pages: "07/05/2026  Title  S/PV.9701", "2026 年 5 月 7 日  标题  S/PV.9701"), and the rest a date or a
    short title, no sentence."""
    text = line.strip()
    m = SYMBOL.match(text)
    if m and normal_symbol(m) == symbol:
        rest = text[m.end():].strip()
    else:
        last = list(SYMBOL.finditer(text))
        if not last or last[-1].end() != len(text) or normal_symbol(last[-1]) != symbol or last[-1].start() == 0:
            return False
        rest = text[:last[-1].start()].strip()
    dated = bool(NUMERIC_DATE.search(rest) or ZH_DATE.search(rest) or EN_DATE.search(rest))
    return seen_symbol and (not rest or dated or len(rest) < 90 and not ends_sentence(rest))


def _mark_furniture(raw: list[str], symbol: str) -> list[str]:
    """`raw` with page furniture replaced by page marks; lines that repeat next to a page mark go as well."""
    out, seen, notes = [], False, False
    for line in raw:
        if _URL_LINE.match(line):
            out.append("")  # a hyperlink on a line of its own, even mid-sentence: dropped (the seed's habit)
            continue
        if _FOOTNOTE_RULE.match(line):  # the rule above a page's footnotes: each note a block of its own
            out.append(" ")
            notes = True
            continue
        is_symbol_line = bool(symbol) and _is_running_header(line, symbol, seen)
        seen = seen or bool(symbol and symbol.replace(" ", "") in line.replace(" ", ""))
        page = line.strip() == _PAGE or FURNITURE.match(line) or is_symbol_line
        notes = notes and not page
        if notes and _NOTE_START.match(line) and out and out[-1].strip():
            out.append(" ")  # a space-only line closes a block in either shape of text layer
        out.append(_PAGE if page else line)
    counts: dict[str, int] = {}
    for line in out:
        key = re.sub(r"\s+", "", line)
        if key:
            counts[key] = counts.get(key, 0) + 1
    content = [i for i, line in enumerate(out) if line.strip() and line != _PAGE]
    for i in content:
        key = re.sub(r"\s+", "", out[i])
        near = [j for j in range(max(0, i - 3), min(len(out), i + 4)) if out[j] == _PAGE]
        short = len(key) <= 90 and not ends_sentence(out[i])
        if near and (counts[key] >= 2 and short or PAGE_NUMBER.match(out[i]) or NUMERIC_DATE.fullmatch(out[i].strip())):
            out[i] = _PAGE
    return out


def _single_blocks(raw: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    pending_break = False
    for line in raw:
        if line == _PAGE:
            pending_break, current = True, None
            continue
        if not line.strip():
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        last = current.lines[-1] if current is not None else None
        if last is not None and indent > last.indent and ends_sentence(last.text):
            current = None  # an indented first line after a finished sentence opens a paragraph
        if current is None:
            current = Block(page_break=pending_break)
            blocks.append(current)
            pending_break = False
        current.lines.append(Line(line.strip(), indent))
    return blocks


def _double_blocks(raw: list[str]) -> list[Block]:
    """The seed's shape: empty lines only separate printed lines; a space-only line or a trailing space closes a
    block; an indented line after a finished sentence opens one."""
    blocks: list[Block] = []
    current: Block | None = None
    pending_break, closed = False, True
    for line in raw:
        if line == _PAGE:
            pending_break, closed = True, True
            continue
        if line == "":
            continue
        if not line.strip():
            closed = True
            continue
        indent = len(line) - len(line.lstrip())
        prev = current.lines[-1].text if current and current.lines else ""
        starts = current is None or closed or indent >= 2 or (indent >= 1 and ends_sentence(prev))
        if pending_break and current is not None and indent >= 1 and not ends_sentence(prev):
            starts = False  # the page cut a paragraph: its next line keeps the leading space
        if starts:
            current = Block(page_break=pending_break)
            blocks.append(current)
        current.lines.append(Line(line.strip(), indent))
        pending_break, closed = False, line != line.rstrip()
    return blocks


def _cover_line(line: str) -> bool:
    """A line of the first page's cover ("Security Council", "Distr.: General", "United Nations S/PV.7857")."""
    m = SYMBOL.search(line)
    return bool(COVER_LINE.match(line) or m and len(re.sub(r"\s+", " ", line.strip())) <= 40 and not ends_sentence(line)
                and COVER_LINE.match(line[:m.start()] or "United Nations"))


def read_blocks(text: str, symbol: str = "") -> list[Block]:
    """The text's blocks, page furniture (for `symbol`'s running headers too) removed; a cover line is a block of
    its own, even where the text layer lost the empty lines around it."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", f"\n{_PAGE}\n").split("\n")
    double = _double_spaced(raw)
    marked = _mark_furniture(raw, symbol)
    blocks = _double_blocks(marked) if double else _single_blocks(marked)
    return split_blocks(blocks, lambda line, prev: _cover_line(line) or _cover_line(prev))


def split_blocks(blocks: list[Block], starts: StartTest) -> list[Block]:
    """Blocks split before every line that starts a unit (`starts(line, previous line)`), for text layers that
    lost the empty line between paragraphs."""
    out: list[Block] = []
    for block in blocks:
        current = Block(page_break=block.page_break)
        for i, line in enumerate(block.lines):
            if i and starts(line.text, block.lines[i - 1].text):
                out.append(current)
                current = Block()
            current.lines.append(line)
        out.append(current)
    return out


def merge_page_breaks(blocks: list[Block], starts: StartTest) -> list[Block]:
    """Blocks with a paragraph that a page break (or a stray empty line) cut joined again: the block before does
    not end its sentence and this one does not start a unit of its own."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and not ends_sentence(prev.lines[-1].text) and not starts(block.first, prev.lines[-1].text):
            if block.page_break or block.first[:1].islower():
                prev.lines.extend(block.lines)
                continue
        out.append(block)
    return out


def never(line: str, prev: str) -> bool:
    return False
