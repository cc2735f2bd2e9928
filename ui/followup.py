"""Follow-up questions without an LLM: a small, pure rule.

When the new question looks like a follow-up ("他还说了什么？", "And what about women?") it is searched together
with the previous question, so retrieval keeps the topic. The rule, kept deliberately simple:

* there must be a previous question, in the same language (Chinese or not) as the new one;
* and the new question is short (at most 6 Chinese characters, or at most 3 English words),
  or starts with a follow-up cue ("他还", "那", "还有", "and", "what about", ...),
  or contains one ("还说了什么", "what else", ...),
  or (English) uses a pronoun that points back ("he", "they", "it", "this", ...).
"""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

ZH_START_CUES = ("他还", "她还", "他们还", "它还", "还有", "还", "那", "此外", "另外", "而", "那么", "他", "她", "他们", "它", "这", "该", "其")
ZH_CUES = ("还说了什么", "还说了", "还有什么", "还有呢", "呢？", "呢?", "此外", "另外", "这一点", "这方面", "上述", "他们", "他还", "她还")
ZH_SHORT = 6  # Chinese characters

EN_START_CUES = ("and ", "and,", "what about", "how about", "what else", "also", "then ", "so ", "but ", "why?", "why ", "anything else")
EN_CUES = ("what else", "anything else", "more about", "tell me more", "the same", "that point", "this point")
EN_PRONOUNS = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its", "this", "that", "these", "those"}
EN_SHORT = 3  # words


def _is_chinese(text: str) -> bool:
    return len(_CJK.findall(text)) >= len(_WORD.findall(text)) and bool(_CJK.search(text))


def is_followup(question: str, previous: str | None) -> bool:
    """True when `question` should be searched together with `previous`."""
    q = " ".join((question or "").split())
    prev = " ".join((previous or "").split())
    if not q or not prev or _is_chinese(q) != _is_chinese(prev):
        return False
    if _is_chinese(q):
        core = "".join(_CJK.findall(q))
        return len(core) <= ZH_SHORT or q.startswith(ZH_START_CUES) or any(c in q for c in ZH_CUES)
    lower = q.lower()
    words = [w.lower() for w in _WORD.findall(q)]
    return (
        len(words) <= EN_SHORT
        or lower.startswith(EN_START_CUES)
        or any(c in lower for c in EN_CUES)
        or any(w in EN_PRONOUNS for w in words)
    )


def retrieval_query(question: str, previous_questions: list[str] | tuple[str, ...] = ()) -> str:
    """The text to search with: the question, or the previous question + the question for a follow-up."""
    previous = next((p for p in reversed(list(previous_questions)) if p and p.strip()), None)
    if previous is not None and is_followup(question, previous):
        return f"{' '.join(previous.split())} {' '.join(question.split())}"
    return question
