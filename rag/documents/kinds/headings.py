"""Any text as headings and paragraphs: the reading of a text no kind recognises ("other"), and of a letter whose
text layer lacks the seed's indented titles.

A heading is a block of one short line (at most 80 characters, 40 in Chinese) that does not end a sentence or a
clause and is followed by more text. Sections are numbered "0" (before the first heading), "1", "2", … in order,
part "body"; passages carry no unit (their label is "§<section> ¶<paragraph>"). Written by hand: without the
PDF's typefaces, short unpunctuated lines are the only sign of a heading that a text layer keeps.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.layout import CJK_CHAR, COVER_LINE, ends_sentence
from rag.documents.kinds.lines import Block, merge_page_breaks, never
from rag.types import Section


@dataclass
class Part:
    title: str
    paragraphs: list[str] = field(default_factory=list)


def is_heading(block: Block, following: Block | None) -> bool:
    text = block.text
    limit = 40 if CJK_CHAR.search(text) else 80
    return (len(block.lines) == 1 and len(text) <= limit and not ends_sentence(text)
            and not text.rstrip().endswith((",", "，", "、")) and following is not None)


def paragraph_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks of body text: cover lines dropped, paragraphs cut by a page joined again."""
    blocks = [b for b in merge_page_breaks(blocks, never) if b.lines and not COVER_LINE.match(b.text)]
    return blocks


def read_parts(blocks: list[Block]) -> list[Part]:
    """Part 0 holds what stands before the first heading (its title: the first block, when short)."""
    parts = [Part("")]
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if is_heading(block, following):
            if parts[-1].paragraphs or parts[-1].title or len(parts) > 1:
                parts.append(Part(block.text))
            else:
                parts[-1].title = block.text
        else:
            parts[-1].paragraphs.append(block.text)
    return parts


def sections_of(parts: list[Part], symbol: str, language: str, first: int = 0, part: str = "body") -> list[Section]:
    out = []
    for k, p in enumerate(parts, first):
        number = str(k)
        path = (p.title,) if p.title else ()
        passages = [passage(symbol, language, number, i, t, path=path) for i, t in enumerate(p.paragraphs, 1)]
        if passages or p.title:
            out.append(section(number, p.title, passages, part))
    return out
