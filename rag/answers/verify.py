"""verify: the last stage every answer passes, quoted or generated, checked the same way before it leaves the
library. Each citation's quote must be verbatim in its paragraph (and a translation's quote verbatim in the
translated paragraph), and every [n] marker in the text must point to a citation.

A citation that fails is removed with its markers and the answer says so in its notice; it never reaches a reader
as if checked. (The composers make verbatim citations by construction, so this holds them to it; the check of what a
generated sentence *says* against its source is part of composing it, rag/llm/support.py.)
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from rag.types import Answer, Citation

log = logging.getLogger(__name__)

MARKER = re.compile(r"\[(\d+)\]")
REMOVED = {"zh": "已删除 {n} 个无法逐字核对的引文。", "en": "Removed {n} citation(s) whose quote could not be found verbatim."}


def citation_problem(citation: Citation) -> str | None:
    """Why a citation cannot be shown as checked, or None."""
    if not citation.quote or citation.quote not in citation.passage.text:
        return f"[{citation.n}] quote not verbatim in {citation.passage.id}"
    t = citation.translation
    if t is not None and (not t.quote or t.quote not in t.text):
        return f"[{citation.n}] translated quote not verbatim in the {t.language} paragraph"
    return None


def verify(answer: Answer) -> Answer:
    """The answer with only verbatim, referenced citations and markers that point to them (the same object when
    everything checks, which is always, unless a composer went wrong)."""
    bad = {}
    for c in answer.citations:
        problem = citation_problem(c)
        if problem:
            bad[c.n] = problem
    cited = {c.n for c in answer.citations}
    dangling = {int(m) for m in MARKER.findall(answer.answer)} - cited
    if not bad and not dangling:
        return answer
    for problem in bad.values():
        log.error("citation removed: %s", problem)
    if dangling:
        log.error("markers %s point to no citation; removed", sorted(dangling))
    drop = set(bad) | dangling
    text = MARKER.sub(lambda m: "" if int(m.group(1)) in drop else m.group(0), answer.answer)
    kept = [c for c in answer.citations if c.n not in bad]
    notice = REMOVED.get(answer.language, REMOVED["en"]).format(n=len(bad)) if bad else ""
    return replace(answer, answer=text, citations=kept,
                   notice=" ".join(x for x in (answer.notice, notice) if x))
