"""Which unit of a document a question names: a resolution's operative paragraph and its sub-item ("operative
paragraph 4 (b)", "paragraph 4(b)", "op. 4", 第 4 段(c)项, 执行部分第 4 段), a preambular paragraph ("preambular
paragraph 3", 序言部分第 3 段), a report's numbered paragraph ("paragraph 12", 第 12 段). The passages of that unit
lead the ranking of the document the question names, or of the one document searched (`units_first`): "What does
paragraph 4 (b) of resolution 2819 (2026) request?" is answered from 4 (b) itself, however well another
paragraph's words match; and the decision answers from them (rag/answers/decide.py).

Written by hand: the spellings are how UN texts cite their own units (../shared/reference/un-documents.md); no
library knows them.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from rag.analysis.normalise import from_chinese_numeral
from rag.types import Passage

_EN = re.compile(r"\b(?:(?P<pre>preambular)\s+|operative\s+)?(?:paragraph|para\.|op\.)\s*(?P<n>\d{1,3})"
                 r"(?:\s*\(\s*(?P<sub>[a-z])\s*\))?", re.IGNORECASE)
_ZH = re.compile(r"(?P<pre>序言部分)?(?:执行部分)?第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:段|执行段)"
                 r"(?:\s*[(（]\s*(?P<sub>[a-z])\s*[)）]\s*(?:项|分段|小段)?)?", re.IGNORECASE)


def named_units(question: str) -> tuple[str, ...]:
    """The unit labels (`Passage.unit`) the question names: "pp. 3", "op. 4 (b)", else "op. 4" and "¶4" (a
    resolution's operative paragraph, a report's numbered one)."""
    out: list[str] = []
    for m in [*_EN.finditer(question), *_ZH.finditer(question)]:
        n = m.group("n") if m.group("n").isdigit() else from_chinese_numeral(m.group("n"))
        if n is None:
            continue
        if m.group("pre"):
            out.append(f"pp. {n}")
        elif m.group("sub"):
            out.append(f"op. {n} ({m.group('sub').lower()})")
        else:
            out += [f"op. {n}", f"¶{n}"]
    return tuple(dict.fromkeys(out))


def unit_passages(passages: Sequence[Passage], passage_document: np.ndarray, documents: Sequence[int],
                  units: Sequence[str]) -> np.ndarray:
    """Which passages are one of `units` of one of the `documents` (positions)."""
    return np.array([int(passage_document[j]) in documents and p.unit in units for j, p in enumerate(passages)],
                    dtype=bool)


def units_first(sentence_scores: np.ndarray, owner: np.ndarray, named: np.ndarray) -> np.ndarray:
    """Sentence scores with those of the `named` passages (`owner[k]`: the passage of sentence k) above all others,
    in their own order."""
    mask = named[owner] if len(owner) else np.zeros(0, dtype=bool)
    if not mask.any():
        return sentence_scores
    out = np.asarray(sentence_scores, dtype=np.float64).copy()
    out[mask] += float(out.max() - out[mask].min()) + 1.0
    return out
