"""A verbatim record (S/PV) read into a `Document`: the cover block (meeting, date, President, members) on the
document, the agenda, the proceedings, and one section per speaker turn.

Sections: "agenda" (part "agenda", unit "agenda ¶k"), "proc" (part "proceedings": "The meeting was called to
order…", "The agenda was adopted.", votes, "The meeting rose…"; unit "proceedings ¶k"), then "t1", "t2", … (part
"turn"), one per speaker line in order, each paragraph a passage with its `speaker` and unit
"· <country or name> ¶<paragraph>", paragraphs counted on through the speaker's later turns (a second statement's
first paragraph follows the first's last: one label, one paragraph). Section keys count turns, so both language versions of a record have the same
ids. Layout patterns: rag/documents/kinds/verbatim_layout.py.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from rag.documents.kinds.build import passage, section
from rag.documents.kinds.layout import find_date
from rag.documents.kinds.lines import Block, ends_sentence, join_lines, merge_page_breaks, read_blocks, split_blocks
from rag.documents.kinds.result import Header, Parsed
from rag.documents.kinds.verbatim_layout import (AGENDA, MEETING_EN, MEETING_ZH, MEMBERS_LINE, PRESIDENT,
                                                 PRESIDENT_LINE, PROCEDURAL, RECORD_NOTE, VOTE, capacity_country,
                                                 member_entry, president_entry, speaker_line, starts_turn)
from rag.types import Document, Section, Speaker

log = logging.getLogger(__name__)


@dataclass
class _Turn:
    speaker: Speaker
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _Cover:
    meeting: str = ""
    date: str = ""
    president: Speaker | None = None
    members: list[Speaker] = field(default_factory=list)


def _cover(blocks: list[Block], language: str) -> _Cover:
    """Meeting number, date, President and members from the blocks before the agenda."""
    lines = [line.text for b in blocks for line in b.lines]
    text = "\n".join(lines)
    cover = _Cover()
    m = (MEETING_ZH if language == "zh" else MEETING_EN).search(text) or MEETING_EN.search(text)
    cover.meeting = m.group(1) if m else ""
    found = find_date(text)
    cover.date = found[0] if found else ""
    pending, in_members, president_next = "", False, False
    for line in lines:
        pm, mm = PRESIDENT_LINE.match(line), MEMBERS_LINE.match(line)
        if pm or president_next and not mm:
            rest = pm.group("rest") if pm else line
            cover.president = president_entry(rest) if rest.strip() else None
            president_next = not rest.strip()  # "President:" alone: the name is on the next line
            continue
        if mm:
            in_members, line, president_next = True, mm.group("rest"), False
        if not in_members or not line.strip():
            continue
        entry = member_entry(join_lines([pending, line]) if pending else line)
        if entry is None:
            pending = join_lines([pending, line])  # a long country name wrapped onto the next line
        else:
            cover.members.append(entry)
            pending = ""
    return cover


def _paragraphs(blocks: list[Block], language: str) -> list[str]:
    def starts(line: str, prev: str) -> bool:  # a speaker line or a procedural line opens a paragraph
        return starts_turn(line, language) or bool(PROCEDURAL.match(prev)) and not VOTE.match(prev)

    blocks = split_blocks(blocks, starts)
    blocks = merge_page_breaks(blocks, lambda line, prev: starts_turn(line, language))
    return [b.text for b in blocks if b.lines]


def _read_body(paragraphs: list[str], language: str) -> tuple[list[str], list[str], list[_Turn]]:
    """(agenda items, proceedings, turns) in order."""
    agenda: list[str] = []
    proceedings: list[str] = []
    turns: list[_Turn] = []
    vote_list = False
    for para in paragraphs:
        opened = speaker_line(para, language)
        if PROCEDURAL.match(para) or vote_list and opened is None and not ends_sentence(para):
            proceedings.append(para)  # a vote's "In favour:" and the countries listed after it, too
            vote_list = bool(VOTE.match(para))
            continue
        vote_list = False
        if opened is not None:
            turns.append(_Turn(opened[0], [opened[1]] if opened[1] else []))
        elif turns:
            turns[-1].paragraphs.append(para)
        elif RECORD_NOTE.search(para):
            continue  # the note on the record's languages and corrections
        else:  # before the first turn: the agenda, or once the meeting has opened, a line of its proceedings
            (proceedings if proceedings else agenda).append(para)
    return agenda, proceedings, turns


def _turn_section(symbol: str, language: str, k: int, turn: _Turn, spoken: dict[str, int]) -> Section:
    """The k-th turn, its paragraphs numbered on from the speaker's earlier turns (`spoken`: paragraphs so far
    per speaker, updated), so that every label of a record names one paragraph."""
    speaker = turn.speaker
    if speaker.name == PRESIDENT[language] and speaker.country is None:
        country = capacity_country(" ".join(turn.paragraphs), language)
        speaker = replace(speaker, country=country) if country else speaker
    title = f"{speaker.name} ({speaker.country})" if speaker.country else speaker.name
    who = speaker.country or speaker.name
    number = f"t{k}"
    before = spoken.get(who, 0)
    spoken[who] = before + len(turn.paragraphs)
    passages = [passage(symbol, language, number, i, text, path=(title,), unit=f"· {who} ¶{before + i}",
                        speaker=speaker) for i, text in enumerate(turn.paragraphs, 1)]
    return section(number, title, passages, "turn")


def _split_cover(blocks: list[Block], language: str) -> tuple[list[Block], list[Block]]:
    """(the cover's blocks, the rest from the agenda on); without an "Agenda" line, the rest begins at the first
    turn or procedural line."""
    for i, b in enumerate(blocks):
        for j, line in enumerate(b.lines):
            if AGENDA.match(line.text):
                rest = [Block(b.lines[j + 1:])] if j + 1 < len(b.lines) else []
                return blocks[:i] + ([Block(b.lines[:j])] if j else []), rest + blocks[i + 1:]
    for i, b in enumerate(blocks):
        if starts_turn(b.first, language):
            return blocks[:i], blocks[i:]
    return [], blocks


def parse_verbatim(text: str, header: Header) -> Parsed:
    language, symbol = header.language, header.symbol
    cover_blocks, body = _split_cover(read_blocks(text, symbol), language)
    cover = _cover(cover_blocks, language)
    agenda, proceedings, turns = _read_body(_paragraphs(body, language), language)
    warnings = []
    if not turns:
        warnings.append("no speaker turns were recognised in this verbatim record")
    if not cover.members:
        warnings.append("the list of members on the cover was not recognised")
    sections = []
    if agenda:
        sections.append(section("agenda", "议程" if language == "zh" else "Agenda",
                                [passage(symbol, language, "agenda", i, t, unit=f"agenda ¶{i}")
                                 for i, t in enumerate(agenda, 1)], "agenda"))
    if proceedings:
        sections.append(section("proc", "议事" if language == "zh" else "Proceedings",
                                [passage(symbol, language, "proc", i, t, unit=f"proceedings ¶{i}")
                                 for i, t in enumerate(proceedings, 1)], "proceedings"))
    turns = [t for t in turns if t.paragraphs]
    spoken: dict[str, int] = {}
    sections += [_turn_section(symbol, language, k, t, spoken) for k, t in enumerate(turns, 1)]
    meeting = cover.meeting or (re.search(r"PV\.(\d+)", symbol) or [None, ""])[1]
    fallback = f"第{meeting}次会议" if language == "zh" else f"{meeting}th meeting"
    log.debug("%s: %d turns, %d members", symbol, len(turns), len(cover.members))
    doc = Document(id=symbol, title=header.title or (agenda[0] if agenda else fallback),
                   date=header.date or cover.date, language=language, sections=tuple(sections),
                   kind="verbatim_record", meeting=meeting, agenda=tuple(agenda), president=cover.president,
                   members=tuple(cover.members))
    return Parsed(doc, warnings)
