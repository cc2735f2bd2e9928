"""The sentences a quoted sentence needs beside it to be read right: the one before a sentence that points back
(a pronoun or a demonstrative opening it: "They also identified…", "That approach entails…", "这包括…"), and the
items after a sentence that introduces them ("including the following:", "其中包括：") or opens an enumeration
("three proposals: first, …;" with "second, …" after it), each item a sentence of its own with its own citation.

Written by hand (no library models this): the openers and lead-ins are closed classes (rag.analysis.words); what
counts as an item follows the document's structure: the sentences after the lead-in in its paragraph, else the first
sentence of each sub-section that follows it (else of each following paragraph of its section), up to
`max_list_items`.
"""
from __future__ import annotations

import re
from typing import Sequence

from rag.analysis.words import (ELABORATES_EN, ELABORATES_ZH, GOES_ON_ENUMERATION, INTRODUCES_ITEMS, LEANS_BACK_EN,
                                LEANS_BACK_ZH, OPENS_ENUMERATION)
from rag.types import SentenceHit


def _texts(s: SentenceHit) -> list[tuple[str, str]]:
    return [(v.language, v.span.text) for v in s.versions] or [(s.passage.language, s.text)]


def _opens_with(s: SentenceHit, zh: re.Pattern, en: re.Pattern) -> bool:
    """Whether a version of the sentence matches its language's pattern (`zh`, else `en`)."""
    return any((zh if lang == "zh" else en).search(text) for lang, text in _texts(s))


def leans_back(s: SentenceHit) -> bool:
    """The sentence opens pointing back to the one before it (in any of its versions)."""
    return _opens_with(s, LEANS_BACK_ZH, LEANS_BACK_EN)


def elaborates(s: SentenceHit) -> bool:
    """The sentence spells out the one before it ("This includes…", 这包括…), in any of its versions."""
    return _opens_with(s, ELABORATES_ZH, ELABORATES_EN)


def introduces_items(s: SentenceHit) -> bool:
    """The sentence ends introducing a list ("including the following:", "其中包括：")."""
    return any(INTRODUCES_ITEMS.search(text) for _, text in _texts(s))


def _items(lead: SentenceHit, by_index: dict[int, SentenceHit], limit: int) -> list[SentenceHit]:
    """The items a lead-in introduces: the rest of its paragraph, else the opening sentence of each sub-section
    that follows it, else the first sentence of each following paragraph of its section."""
    rest, k = [], lead.index + 1
    while k in by_index and by_index[k].passage.id == lead.passage.id and len(rest) < limit:
        rest.append(by_index[k])
        k += 1
    if rest:
        return rest
    section = lead.passage.section
    items, seen = [], {lead.passage.id}
    for k in range(lead.index + 1, max(by_index, default=-1) + 1):
        s = by_index.get(k)
        if s is None or s.passage.id in seen:
            continue
        if not (s.passage.section == section or s.passage.section.startswith(section + ".")):
            break
        seen.add(s.passage.id)
        items.append(s)
    subsections = [s for s in items if s.passage.section != section]
    if subsections:  # the items are the sub-sections that follow: the opening sentence of each
        firsts = {}
        for s in subsections:
            firsts.setdefault(s.passage.section, s)
        items = list(firsts.values())
    return items[:limit]


def with_context(chosen: Sequence[SentenceHit], every: Sequence[SentenceHit], max_back: int,
                 max_list_items: int) -> list[SentenceHit]:
    """`chosen` with, for each, the sentences before it that it points back to (at most `max_back`, within its
    paragraph) and the items it introduces (at most `max_list_items`), in document order around it; each sentence
    once. `every`: all the retrieval's sentences."""
    by_index = {s.index: s for s in every if s.index >= 0}
    out: list[SentenceHit] = []
    taken: set[int] = set()

    def add(s: SentenceHit) -> None:
        if s.index not in taken:
            taken.add(s.index)
            out.append(s)

    for s in chosen:
        before, cur = [], s
        while leans_back(cur) and len(before) < max_back:
            prev = by_index.get(cur.index - 1)
            if prev is None or prev.passage.id != cur.passage.id:
                break
            before.insert(0, prev)
            cur = prev
        for b in before:
            add(b)
        add(s)
        after = by_index.get(s.index + 1)
        if after is not None and after.passage.id == s.passage.id and elaborates(after):
            add(after)  # "…the 2030 Agenda. This includes…": what the sentence stands for is spelled out next
        if introduces_items(s):
            for item in _items(s, by_index, max_list_items):
                add(item)
        elif any(OPENS_ENUMERATION.search(text) for _, text in _texts(s)):
            for item in _enumerated(s, by_index, max_list_items):
                add(item)
    return out


def _enumerated(lead: SentenceHit, by_index: dict[int, SentenceHit], limit: int) -> list[SentenceHit]:
    """The sentences after `lead` in its paragraph that go on the enumeration it opens ("second, …", "第二，…")."""
    items, k = [], lead.index + 1
    while (k in by_index and by_index[k].passage.id == lead.passage.id and len(items) < limit
           and any(GOES_ON_ENUMERATION.search(text) for _, text in _texts(by_index[k]))):
        items.append(by_index[k])
        k += 1
    return items
