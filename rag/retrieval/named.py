"""Which documents of the library a question names: by symbol (S/2025/402, S/PV.9412, S/RES/2805 (2025)), a
resolution by its number ("resolution 2805", 第 2805(2025)号决议), a verbatim record by its meeting ("the 9412th
meeting", 第 9412 次会议), and any document by its kind and date ("the presidential statement of 18 June 2025",
"the 12 March 2025 meeting", 2025 年 3 月 12 日的会议). The one document a question names leads its ranking
(rag/retrieval/fusion.py, `lead_document_prior`): "Which resolution does S/2025/402 invoke…?" is a question about
the report, however well another document's passages match its words.

Written by hand: the spellings are the UN's document symbols and how Chinese and English texts cite them
(../shared/reference/un-documents.md); no library knows them.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from rag.analysis.forms import written_dates
from rag.analysis.query import english_topic_words
from rag.analysis.text import squash
from rag.analysis.words import LETTER
from rag.types import Document

_RESOLUTION = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)")
_ORDINAL = ("th", "st", "nd", "rd")
# The nouns that, with its date, name a document of each kind ("the statement of 18 June 2025"; a meeting's record
# is the meeting or its debate). A date alone names nothing: a letter of 28 February announces the 12 March debate.
_KIND_NOUNS = {
    "verbatim_record": re.compile(r"\b(?:meeting|debate|session|briefing)s?\b|会议|辩论|会上|通报会", re.IGNORECASE),
    "presidential_statement": re.compile(r"\bstatements?\b|声明", re.IGNORECASE),
    "resolution": re.compile(r"\bresolutions?\b|决议", re.IGNORECASE),
    "report": re.compile(r"\breports?\b|报告", re.IGNORECASE),
    "letter": LETTER,
}
# The topic words (rag/analysis/query.py: English stemmed) that name each kind in a question that names the
# document: left out of the decision's coverage (`naming_words`). Fewer than `_KIND_NOUNS`: "debate", "session"
# and "briefing" stay topic words.
_KIND_WORDS = {kind: frozenset(w for word in words for w in (english_topic_words(word) if word.isascii() else [word]))
               for kind, words in {
                   "verbatim_record": ("meeting", "record", "会议", "记录"),
                   "presidential_statement": ("presidential", "statement", "主席", "声明", "主席声明"),
                   "resolution": ("resolution", "决议"),
                   "report": ("report", "报告"),
                   "letter": ("letter", "信", "信函", "函"),
               }.items()}


def names_of(doc: Document) -> tuple[str, ...]:
    """The spellings that name `doc`, without spaces and lower-cased, as `named_documents` looks for them."""
    names = [squash(doc.id).lower()]
    resolution = _RESOLUTION.match(doc.id)
    if resolution:
        n, year = resolution.groups()
        names += [f"resolution{n}", f"{n}({year})号", f"{n}号决议", f"决议{n}"]
    if doc.kind == "verbatim_record" and doc.meeting:
        m = doc.meeting
        names += [f"{m}{o}meeting" for o in _ORDINAL] + [f"meeting{m}", f"{m}次会议", f"s/pv.{m}"]
    return tuple(dict.fromkeys(names))


def _bounded(name: str, text: str) -> bool:
    """`name` in `text`, not as part of a longer number or symbol (S/2025/40 is not in S/2025/402)."""
    for m in re.finditer(re.escape(name), text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if not (before.isdigit() or (name[0].isdigit() and before != "" and before in "/.")) and not after.isdigit():
            return True
    return False


def _dated(doc: Document, question: str, text: str) -> bool:
    """The question names `doc`'s kind and its date ("24 October 2025", "October 24, 2025", 2025年10月24日)."""
    kind = _KIND_NOUNS.get(doc.kind)
    if kind is None or not kind.search(question):
        return False
    forms = written_dates(doc.date)
    if forms:
        day, month, year = forms[0].split()
        forms += (f"{month} {day}, {year}",)
    return any(_bounded(squash(f).lower(), text) for f in forms)


def named_documents(question: str, documents: Sequence[Document] | Iterable[Document]) -> list[int]:
    """The positions, in `documents`, of those the question names (in any of `names_of`, or by kind and date)."""
    text = squash(question).lower()
    return [i for i, doc in enumerate(documents)
            if any(_bounded(n, text) for n in names_of(doc)) or _dated(doc, question, text)]


def naming_words(words: Sequence[str], doc: Document) -> tuple[str, ...]:
    """The topic `words` of a question that names `doc` which only name it: its kind's noun and the numbers and
    month of its symbol, meeting and date ("resolution", 2805, 2025 in "What does resolution 2805 (2025) say about
    child soldiers?"). They say which document is asked about, not what is asked of it: that the document holds
    them says nothing of whether it answers (rag/answers/answerability.py leaves them out of its coverage)."""
    dates = written_dates(doc.date)
    numbers = set(re.findall(r"\d+", " ".join((*names_of(doc), doc.meeting or "", *dates))))
    months = {w for w in english_topic_words(dates[0]) if not w.isdigit()} if dates else set()
    kind = _KIND_WORDS.get(doc.kind, frozenset())
    return tuple(w for w in words if w in numbers or w in months or w in kind)
