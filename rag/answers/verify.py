"""verify: the last stage every answer passes, quoted or generated, checked the same way before it leaves the
library. Each citation's quote must be verbatim in its paragraph (and a translation's quote verbatim in the
translated paragraph), and every [n] marker in the text must point to a citation.

A citation that fails is removed with its markers and the answer says so in its notice; it never reaches a reader
as if checked. An answer that quotes sentences with no version in its language (found in the original through the
cross-lingual encoders) says so in its notice too. (The composers make verbatim citations by construction, so this holds them to it; the check of what a
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


CROSSED = {"en": "Found in the original through cross-lingual search: the document has no English version of "
                 "{these}, so the quotes are its {source} text.",
           "zh": "通过跨语言检索在原文中找到：文件没有{these}的中文本，引文为{source}原文。"}
THESE = {"en": ("this passage", "these passages"), "zh": ("该段落", "这些段落")}
SOURCE_NAMES = {"en": {"zh": "Chinese", "en": "English"}, "zh": {"zh": "中文", "en": "英文"}}


def crossed_notice(answer: Answer) -> str:
    """The notice of an answer that quotes sentences with no wording in its language (empty when it has none)."""
    crossed = [c for c in answer.citations if c.translation is None and c.passage.language != answer.language]
    if not crossed:
        return ""
    lang = answer.language if answer.language in CROSSED else "en"
    source = crossed[0].passage.language
    these = THESE[lang][len({c.passage.id for c in crossed}) > 1]
    return CROSSED[lang].format(these=these, source=SOURCE_NAMES[lang].get(source, source))


def with_notice(answer: Answer, notice: str) -> Answer:
    """The answer with `notice` added to its notice (once)."""
    if not notice or notice in answer.notice:
        return answer
    return replace(answer, notice=" ".join(x for x in (answer.notice, notice) if x))


def verify(answer: Answer) -> Answer:
    """The answer with only verbatim, referenced citations and markers that point to them (the same object when
    everything checks, which is always, unless a composer went wrong), and the notice of an answer that quotes the
    original across languages (`crossed_notice`)."""
    checked = _checked(answer)
    return with_notice(checked, crossed_notice(checked))


def _checked(answer: Answer) -> Answer:
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
    return with_notice(replace(answer, answer=text, citations=kept), notice)
