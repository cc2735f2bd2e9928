"""A question in parts answered part by part: each part's answer (decided and composed on its own) joined into one
answer whose citations are numbered through, and a line for each part the document does not address.

`parts` in the JSON (README, contract): one entry per part with its question, status, the answer's citation numbers
for it and, for a refused part, its refusal message.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from rag.types import Answer, PartAnswer, Retrieval

NOT_ADDRESSED = {"zh": "文件没有回答这一部分：{part}{why}", "en": "The document does not address this part: {part} {why}"}
_MARKER = re.compile(r"\[(\d+)\]")


def join_parts(retrieval: Retrieval, parts: Sequence[str], answers: Sequence[Answer]) -> Answer:
    """One answer for the whole question (`retrieval`: the whole question's) from each part's answer, in order."""
    lang = retrieval.language if retrieval.language in NOT_ADDRESSED else "en"
    texts, citations, entries = [], [], []
    for part, answer in zip(parts, answers):
        if not answer.answered:
            why = answer.answer.split("\n")[0]
            texts.append(NOT_ADDRESSED[lang].format(part=part, why=why).strip())
            entries.append(PartAnswer(part, "not_found", (), why))
            continue
        offset = len(citations)
        citations += [replace(c, n=c.n + offset) for c in answer.citations]
        texts.append(_MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", answer.answer))
        entries.append(PartAnswer(part, "answered", tuple(c.n + offset for c in answer.citations)))
    first = next(a for a in answers if a.answered)
    return replace(first, question=retrieval.question, answer="\n".join(texts), citations=citations,
                   retrieved=retrieval.retrieved, parts=entries, closest=[], answerable=None)
