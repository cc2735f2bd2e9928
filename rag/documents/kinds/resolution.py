"""A resolution (S/RES) read into a `Document`: number, year, the adopting meeting and date, the preamble and the
operative paragraphs with their lettered sub-items.

Layout (../shared/reference/un-documents.md, "Resolution"): "Resolution <n> (<year>)" / "第<n>(<year>)号决议";
"Adopted by the Security Council at its <n>th meeting, on <date>" / "<date>安全理事会第<n>次会议通过";
"The Security Council," / "安全理事会，"; unnumbered preambular paragraphs; operative paragraphs "1.", "2." (also
"1．"); sub-items "(a)", "（a）", with "(i)", "(ii)" kept inside their item.
Sections: "adopted" (part "intro", unit "adoption": the adoption line, which answers at which meeting and on what
date), "pre" (part "preamble", unit "pp. <k>"), "op" (part "operative", paragraph = its number, unit "op. <n>")
and for each operative paragraph with sub-items a subsection "op<n>" (paragraph = the letter's index, a = 1, unit
"op. <n> (<letter>)"); the same keys in every language. Labels ("1.", "(a)") are not part of a passage's text:
the unit carries them. Written by hand: the UN's layout, which no library knows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.layout import COVER_LINE, SYMBOL, ends_sentence, find_date
from rag.documents.kinds.lines import Block, merge_page_breaks, read_blocks, split_blocks
from rag.documents.kinds.result import Header, Parsed
from rag.types import Document, Passage

TITLE = re.compile(r"^\s*(?:Resolution\s+\d{1,5}\s*\(\d{4}\)|第\s*\d{1,5}\s*[(（]\s*\d{4}\s*[)）]\s*号决议)\s*$")
ADOPTED = re.compile(r"Adopted by the Security Council at its\s+(?P<en>\d{3,5})\w*\s+meeting"
                     r"|安全理事会第\s*(?P<zh>\d{3,5})\s*次会议通过")
COUNCIL = re.compile(r"^\s*(?:The Security Council|安全理事会)\s*[,，、]?\s*$")
OPERATIVE = re.compile(r"^\s*(?P<n>\d{1,3})\s*[.．]\s*(?P<rest>\S.*)$", re.S)
SUB_ITEM = re.compile(r"^\s*[(（]\s*(?P<l>[a-z]{1,2})\s*[)）]\s*(?P<rest>\S.*)$", re.S)
ROMAN_ITEM = re.compile(r"^\s*[(（]\s*(?:i{1,3}|iv|v|vi{1,3}|ix|x)\s*[)）]")
# Words that open a preambular paragraph, to split a preamble whose paragraphs lost their empty lines.
PREAMBLE_OPENERS = re.compile(
    r"^\s*(?:Recalling|Reaffirming|Recognizing|Recognising|Expressing|Noting|Welcoming|Emphasizing|Emphasising|"
    r"Stressing|Condemning|Underlining|Underscoring|Bearing in mind|Taking note|Determining|Acting|Deploring|"
    r"Mindful|Concerned|Deeply concerned|Convinced|Guided|Having|Acknowledging|Affirming|Commending|Considering|"
    r"Reiterating|Encouraging|Urging|Believing|Gravely|Alarmed|"
    r"回顾|重申|认识到|表示关切|注意到|欢迎|强调|谴责|铭记|断定|根据|痛惜|深为关切|深信|遵循|确认|申明|赞扬|考虑到|"
    r"重申|鼓励|认为|严重关切|震惊|又|还)"
)


@dataclass
class _Operative:
    number: int
    text: str
    items: list[str] = field(default_factory=list)


def _starts(line: str, prev: str) -> bool:
    """Where a paragraph starts in a text layer that lost its empty lines."""
    if any(p.match(prev) or p.match(line) for p in (TITLE, COUNCIL)) or ADOPTED.search(prev) or ADOPTED.search(line):
        return True
    closed = ends_sentence(prev) or prev.rstrip().endswith((",", "，", "、", ";", "；"))
    return closed and bool(OPERATIVE.match(line) or SUB_ITEM.match(line) or PREAMBLE_OPENERS.match(line))


def _unit_start(line: str, prev: str) -> bool:
    return bool(OPERATIVE.match(line) or SUB_ITEM.match(line) or COUNCIL.match(line) or PREAMBLE_OPENERS.match(line))


def _is_next_letter(letter: str, items: list[str]) -> bool:
    return len(letter) == 1 and ord(letter) - ord("a") == len(items)


def _body_start(paragraphs: list[str]) -> int:
    """Where the body starts: at "The Security Council,", else after the title and adoption lines, else at the
    first operative paragraph."""
    council = next((i for i, p in enumerate(paragraphs) if COUNCIL.match(p)), None)
    if council is not None:
        return council
    header = [i for i, p in enumerate(paragraphs[:8]) if TITLE.match(p) or ADOPTED.search(p)]
    if header:
        return header[-1] + 1
    return next((i for i, p in enumerate(paragraphs) if OPERATIVE.match(p)), len(paragraphs))


def _read(paragraphs: list[str]) -> tuple[list[str], list[str], list[_Operative]]:
    """(header lines, preambular paragraphs, operative paragraphs) in order."""
    head: list[str] = []
    preamble: list[str] = []
    ops: list[_Operative] = []
    body_at = _body_start(paragraphs)
    for i, para in enumerate(paragraphs):
        op, sub = OPERATIVE.match(para), SUB_ITEM.match(para)
        if i < body_at:
            head.append(para)
            continue
        if i == body_at and COUNCIL.match(para):
            continue
        if op and (not ops or int(op.group("n")) == ops[-1].number + 1 or not ops and int(op.group("n")) == 1):
            ops.append(_Operative(int(op.group("n")), op.group("rest").strip()))
        elif ops and sub and _is_next_letter(sub.group("l"), ops[-1].items):
            ops[-1].items.append(sub.group("rest").strip())
        elif ops and ops[-1].items:  # "(i)", "(ii)" or a run-on line: part of the current sub-item
            ops[-1].items[-1] += " " + para
        elif ops:
            ops[-1].text += " " + para
        else:
            preamble.append(para)
    return head, preamble, ops


def _operative_sections(symbol: str, language: str, ops: list[_Operative]):
    op_passages: list[Passage] = []
    subs = []
    for op in ops:
        op_passages.append(passage(symbol, language, "op", op.number, op.text, unit=f"op. {op.number}"))
        if op.items:
            key = f"op{op.number}"
            items = [passage(symbol, language, key, i, t, unit=f"op. {op.number} ({chr(ord('a') + i - 1)})")
                     for i, t in enumerate(op.items, 1)]
            subs.append(section(key, f"op. {op.number}", items, "operative"))
    return section("op", "执行部分" if language == "zh" else "Operative paragraphs", op_passages, "operative", subs)


def parse_resolution(text: str, header: Header) -> Parsed:
    language, symbol = header.language, header.symbol
    blocks: list[Block] = split_blocks(read_blocks(text, symbol), _starts)
    blocks = merge_page_breaks(blocks, _unit_start)
    paragraphs = [b.text for b in blocks if b.lines and not COVER_LINE.match(b.text) and not SYMBOL.fullmatch(b.text)]
    head, preamble, ops = _read(paragraphs)
    warnings = []
    if not ops:
        warnings.append("no numbered operative paragraphs were recognised in this resolution")
    head_text = "\n".join(head)
    adopted = ADOPTED.search(head_text)
    adoption = next((h for h in head if ADOPTED.search(h)), "")
    found = find_date(adoption) or find_date(head_text)
    title = next((h for h in head if TITLE.match(h)), "")
    pre = section("pre", "序言部分" if language == "zh" else "Preamble",
                  [passage(symbol, language, "pre", k, t, unit=f"pp. {k}") for k, t in enumerate(preamble, 1)],
                  "preamble")
    adopted_at = (section("adopted", "通过" if language == "zh" else "Adoption",
                          [passage(symbol, language, "adopted", 1, re.sub(r"\s+", " ", adoption).strip(),
                                   unit="adoption")], "intro"),) if adoption else ()
    doc = Document(id=symbol, title=header.title or re.sub(r"\s+", " ", title) or symbol,
                   date=header.date or (found[0] if found else ""), language=language,
                   sections=(*adopted_at, pre, _operative_sections(symbol, language, ops)), kind="resolution",
                   meeting=(adopted.group("en") or adopted.group("zh")) if adopted else "")
    return Parsed(doc, warnings)
