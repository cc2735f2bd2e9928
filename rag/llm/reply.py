"""What a model's reply says of itself: that the sources do not contain the answer (then the answer is a refusal,
rag/llm/generate.py), read as the model writes it in either language."""
from __future__ import annotations

import re

from rag.llm.support import split_answer

_NOT_FOUND = re.compile(
    r"没有(?:提到|提及|提供|说明|包含|相关|涉及|给出)|未(?:提到|提及|提供|说明|包含|涉及)|不包含|无法(?:回答|确定|找到)|找不到|"
    r"\b(?:do(?:es)?\s+not|don't|doesn't|did\s+not)\s+(?:contain|say|mention|provide|include|state|specify|answer)\b|"
    r"\bnot\s+(?:mentioned|stated|provided|specified|contained|found)\b|\bno\s+information\b|\bcannot\s+(?:answer|be\s+answered|find)\b",
    re.IGNORECASE,
)


def says_not_found(text: str) -> bool:
    """The model's reply is a statement that the sources do not contain the answer (and cites nothing)."""
    sentences = split_answer(text)
    return bool(sentences) and len(sentences) <= 2 and not any(s.markers for s in sentences) and bool(
        _NOT_FOUND.search(text)
    )
