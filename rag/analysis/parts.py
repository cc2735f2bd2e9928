"""The parts of a question that asks two or more things ("…? …?", "…, and what/how/why…", "…以及…？"): each part is
retrieved, decided and answered on its own (rag/pipeline.py, rag/answers/parts.py).

Written by hand: the cues are the question's own punctuation and the coordinating frames that open a second question
(rag.analysis.words.SECOND_QUESTION_EN / _ZH); a part counts only when it holds a question word or a topic word of its
own, so that "Why, in Guterres's view, …?" or "是否…？" stays one question. A part with no topic word of its own
("怎么说的？", "What did it say?", "And why?") asks more about the part before it, and stays joined to it:
"文件里提到《巴黎协定》了吗？怎么说的" is one question about the Paris Agreement, not a second one about nothing.
"""
from __future__ import annotations

import re

from rag.analysis.query import english_topic_words
from rag.analysis.text import content_words
from rag.analysis.words import QUESTION_WORD, SECOND_QUESTION_EN, SECOND_QUESTION_ZH

_QUESTION_END = re.compile(r"(?<=[?？])\s*")
MIN_PART_CHARS = {"zh": 4, "en": 12}  # a shorter piece is no question of its own


def question_parts(text: str, language: str) -> list[str]:
    """The parts of `text` (a cleaned, normalised question), in order; one part when it asks one thing."""
    pieces = [p for p in _QUESTION_END.split(text.strip()) if p.strip()]
    out: list[str] = []
    pattern = SECOND_QUESTION_ZH if language == "zh" else SECOND_QUESTION_EN
    for piece in pieces:
        cut = pattern.search(piece)
        if cut and QUESTION_WORD.search(piece[: cut.start()]) and QUESTION_WORD.search(piece[cut.end():]):
            second = piece[cut.end():].strip()
            out += [piece[: cut.start()].strip(" ,，;；") + ("？" if language == "zh" else "?"), second[:1].upper() + second[1:]]
        else:
            out.append(piece.strip())
    parts: list[str] = []
    for p in out:
        if parts and not (content_words(p) if language == "zh" else english_topic_words(p)):  # more about the last
            parts[-1] = f"{parts[-1]} {p}" if language != "zh" else parts[-1] + p
        elif len(p) >= MIN_PART_CHARS.get(language, 12) and QUESTION_WORD.search(p):
            parts.append(p)
    return parts if len(parts) >= 2 else [text]
