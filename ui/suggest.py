"""Suggested next questions under an answer, in the question's language: "what else", and the document's own
headings of the passages around the one cited (the next paragraph's section, then the parent section).

Written by hand: a short rule over the document's structure (no model); the questions it writes are the ones the
chat already answers well ("What does the document say about <heading>?").
"""
from __future__ import annotations

from rag.types import Answer, DocumentVersions

MORE = {"zh": "还有呢？", "en": "What else?"}
ABOUT = {"zh": "文件关于“{title}”说了什么？", "en": "What does the document say about “{title}”?"}


def next_questions(answer: Answer, versions: DocumentVersions, limit: int = 3) -> list[str]:
    """Two or three questions to ask next: "what else" after an answer, then the headings near the cited
    paragraph in the answer's language version (a heading the question already names is left out)."""
    lang = answer.language if answer.language in MORE else "en"
    doc = versions.version(answer.language) or versions.original
    out = [MORE[lang]] if answer.answered else []
    cited = {c.passage.id for c in answer.citations} or {h.passage.id for h in answer.closest[:1]}
    passages = doc.passages()
    at = [i for i, p in enumerate(passages) if p.id in cited]
    titles: list[str] = []
    for i in at[:1]:
        for j in (i + 1, i - 1, i):
            if 0 <= j < len(passages):
                titles += [passages[j].section_path[-1], passages[j].section_path[0]]
    for title in titles:
        q = ABOUT[lang].format(title=title.rstrip("。."))
        if title and title.lower() not in answer.question.lower() and q not in out:
            out.append(q)
        if len(out) >= limit:
            break
    return out[:limit]
