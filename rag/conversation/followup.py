"""The one follow-up rule: does a question lean on the one before it? Used to rewrite follow-ups with the chat
model (rag/llm/rewrite.py) and, without one, to search them together with the previous question
(rag/conversation/turn.py).

A question is a follow-up of the previous one when both are in the same language and it is very short, or it points
back (他们, 这一点, it, they…), or asks for more ("还说了什么", "what else", "and…"). Greetings never are. The cue
lists are in rag/analysis/words.py.
"""
from __future__ import annotations

import re

from rag.analysis.words import CJK, FOLLOWUP_EN, FOLLOWUP_ZH, GREETING
from rag.config import ConversationSettings

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def is_greeting(text: str) -> bool:
    return bool(GREETING.match(text or ""))


def _is_chinese(text: str) -> bool:
    return bool(CJK.search(text)) and len(CJK.findall(text)) >= len(_WORD.findall(text))


def is_followup(question: str, previous: str | None, settings: ConversationSettings | None = None) -> bool:
    """True when `question` leans on `previous` (see the module docstring): the one rule for both rewriting and
    combining."""
    settings = settings or ConversationSettings()
    q = " ".join((question or "").split())
    prev = " ".join((previous or "").split())
    if not q or not prev or is_greeting(q) or _is_chinese(q) != _is_chinese(prev):
        return False
    if _is_chinese(q):
        return len(CJK.findall(q)) <= settings.followup_max_zh_chars or bool(FOLLOWUP_ZH.search(q))
    return len(_WORD.findall(q)) <= settings.followup_max_en_words or bool(FOLLOWUP_EN.search(q))


def retrieval_query(question: str, previous_questions: list[str] | tuple[str, ...] = (),
                    settings: ConversationSettings | None = None) -> str:
    """The text to search with: the question, or the previous question + the question for a follow-up."""
    previous = next((p for p in reversed(list(previous_questions)) if p and p.strip()), None)
    if previous is not None and is_followup(question, previous, settings):
        return f"{' '.join(previous.split())} {' '.join(question.split())}"
    return question
