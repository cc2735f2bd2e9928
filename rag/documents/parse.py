"""Structure recovery: the document's letter, annex, sections, subsections and paragraphs from PDF-extracted text.

The text layer of the UN's PDF has these traits, each handled below:
- every printed line is followed by an empty line; a line holding only spaces is a hard break (page or block gap);
- a printed line that ends a block (paragraph, heading, title) keeps a trailing space, a wrapped line does not;
- a paragraph's first line starts with one space, but a page break also leaves one leading space on a line that
  continues the previous paragraph (so a leading space only starts a paragraph after a finished sentence);
- a paragraph may continue on a line with no leading space after a line that ended with 。;
- a hyperlink line (http://undocs.org/...) can sit in the middle of a sentence: it is dropped;
- titles (the letter's, the annex's) are indented by two or more spaces;
- headings are short lines without closing punctuation; which of them are top-level sections and which are
  subsections is not in the text layer (the PDF shows it by typeface), so the metadata lists the top-level ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from rag.analysis.text import sentence_spans
from rag.types import Document, Passage, Section

_URL_LINE = re.compile(r"^https?://\S+$")
_END_PUNCT = tuple("。！？：；!?:;")
_MAX_HEADING_CHARS = 30


class ParseError(ValueError):
    """The text does not have the shape of a UN document this parser understands."""


@dataclass
class _Line:
    content: str
    indent: int
    closes: bool  # a trailing space (or a hard break after it) says the block ends here


@dataclass
class _Block:
    lines: list[str] = field(default_factory=list)
    indent: int = 0

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    @property
    def kind(self) -> str:
        if self.indent >= 2:
            return "title"
        text = self.text
        if len(self.lines) == 1 and len(text) <= _MAX_HEADING_CHARS and not text.endswith(_END_PUNCT + ("，", ",")):
            return "heading"
        return "paragraph"


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one space between Latin words."""
    out = ""
    for line in lines:
        line = re.sub(r"\s+", " ", line.strip())
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _lines(text: str) -> list[_Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[_Line] = []
    for r in raw:
        content = r.strip()
        if not content:
            if r and out:  # whitespace-only line: a hard break
                out[-1].closes = True
            continue
        if _URL_LINE.match(content):
            continue
        indent = len(r) - len(r.lstrip())
        out.append(_Line(content, indent, closes=r != r.rstrip()))
    return out


def _is_heading_line(line: _Line, prev: _Line | None, nxt: _Line | None, after_title: bool) -> bool:
    """A short line without closing punctuation that sits between finished blocks (or right after a title)."""
    if len(line.content) > _MAX_HEADING_CHARS or line.content.endswith(_END_PUNCT + ("，", ",")):
        return False
    prev_done = prev is None or prev.closes or prev.content.endswith(_END_PUNCT) or after_title
    next_starts = nxt is None or nxt.indent >= 1
    return prev_done and next_starts


def _blocks(lines: list[_Line]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        in_title = current is not None and current.indent >= 2
        heading = _is_heading_line(line, prev, nxt, in_title) and line.indent < 2
        starts = (
            current is None
            or prev is None
            or prev.closes
            or line.indent >= 2
            or heading
            or (line.indent >= 1 and (in_title or prev.content.endswith(_END_PUNCT)))
        )
        if starts:
            current = _Block(indent=line.indent)
            blocks.append(current)
        current.lines.append(line.content)
        if heading:
            current = None  # a heading is one line; whatever follows starts anew
    return blocks


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """A letter paragraph's lines, and the signature lines that an editor's stripped whitespace glued to it: short
    lines without closing punctuation after the line that ends the paragraph's last sentence."""
    def short(line: str) -> bool:
        line = line.strip()
        return len(line) <= _MAX_HEADING_CHARS and not line.endswith(_END_PUNCT + ("，", ","))

    end = len(lines)
    while end > 1 and short(lines[end - 1]):
        end -= 1
    if end == len(lines) or not lines[end - 1].strip().endswith(_END_PUNCT):
        return lines, []
    return lines[:end], [line.strip() for line in lines[end:]]


class _Parts(NamedTuple):
    titles: list[str]
    letter: list[str]  # the letter's paragraphs
    signature: list[str]
    annex: list[dict]  # {"title", "paras", "subs": [{"title", "paras"}]}


def _gather(blocks: list[_Block], top_level: set[str]) -> _Parts:
    """Sort the blocks into titles, the letter (its paragraphs and signature) and the annex's sections."""
    parts = _Parts([], [], [], [])
    in_annex = False
    for block in blocks:
        kind, body = block.kind, block.text
        if kind == "title":
            parts.titles.append(body)
            in_annex = in_annex or "附件" in body or "annex" in body.lower()
            continue
        if not in_annex:
            if kind == "heading" and parts.letter:
                parts.signature.append(body)
            else:
                lines, trailing = _split_signature(block.lines)
                parts.letter.append(join_lines(lines))
                parts.signature.extend(trailing)
            continue
        annex = parts.annex
        if kind == "heading":
            if not top_level or body in top_level or not annex:
                annex.append({"title": body, "paras": [], "subs": []})
            else:
                annex[-1]["subs"].append({"title": body, "paras": []})
            continue
        if not annex:
            raise ParseError(f"a paragraph of the annex comes before its first heading: {body[:40]!r}")
        target = annex[-1]["subs"][-1] if annex[-1]["subs"] else annex[-1]
        target["paras"].append(body)
    return parts


def _section(symbol: str, language: str, number: str, path: tuple[str, ...], paras: list[str], subs=(),
             part="annex") -> Section:
    slug = symbol.replace("/", "_")
    passages = tuple(
        Passage(id=f"{slug}:{number}:{i}", doc_symbol=symbol, section=number, section_path=path, paragraph=i,
                text=t, sentences=tuple((sp.start, sp.end) for sp in sentence_spans(t)), language=language)
        for i, t in enumerate(paras, 1)
    )
    return Section(number=number, title=path[-1], paragraphs=passages, sections=tuple(subs), part=part)


def parse_document(text: str, meta: dict) -> Document:
    """Recover the outline of a letter-with-annex document. `meta` gives symbol, date, language, top-level headings."""
    symbol = meta.get("symbol", "UNKNOWN")
    language = meta.get("language", "zh")
    blocks = _blocks(_lines(text))
    if not blocks:
        raise ParseError("the corpus file holds no text")
    parts = _gather(blocks, set(meta.get("top_level_headings") or []))
    titles, signature = parts.titles, parts.signature
    if not titles:
        raise ParseError("no document title (a line indented by two or more spaces) was found")

    # The signature block is the letter's last paragraph too, so that "who signed the letter?" finds it, and after
    # it the letter's dated heading, so that "when was the letter written?" finds its date.
    from rag.documents.kinds.layout import find_date  # here: the kinds package imports this module

    heading = [titles[0]] if find_date(titles[0]) else []  # a dated heading, as the other letter reader reads it
    letter_blocks = parts.letter + ([" ".join(signature)] if signature else []) + heading
    sections = ([_section(symbol, language, "0", (titles[0],), letter_blocks, part="letter")]
                if parts.letter else [])
    for i, top in enumerate(parts.annex, 1):
        subs = [_section(symbol, language, f"{i}.{j}", (top["title"], sub["title"]), sub["paras"])
                for j, sub in enumerate(top["subs"], 1)]
        sections.append(_section(symbol, language, str(i), (top["title"],), top["paras"], subs))

    return Document(
        id=symbol,
        title=meta.get("title") or titles[0],
        date=meta.get("date", ""),
        language=language,
        annex_title=titles[1] if len(titles) > 1 else "",
        annex_subtitle=titles[2] if len(titles) > 2 else "",
        signature=tuple(signature),
        sections=tuple(sections),
    )
