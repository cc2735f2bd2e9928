"""An English→Chinese glossary of the document's own terms (data/glossary_en_zh.tsv).

Word embeddings map many English words to the right Chinese term, but miss names and terms of art
(Guterres→古特雷斯, mediation→调解). The glossary covers those; the embedding lexicon covers the rest.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*|\d+")
MAX_PHRASE_WORDS = 4


def fold(word: str) -> str:
    """Case, possessive and plural folded: "Councils'" and "council's" both become "council"."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s?$", "", w)
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


class GlossaryMatch(NamedTuple):
    phrase: str  # as written in the question
    terms: tuple[str, ...]


class Glossary(NamedTuple):
    entries: dict[tuple[str, ...], tuple[str, ...]]  # folded English words -> Chinese terms

    @classmethod
    def load(cls, path: Path) -> "Glossary":
        entries = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#") or "\t" not in line:
                    continue
                english, chinese = line.split("\t", 1)
                key = tuple(fold(w) for w in _WORD.findall(english))
                terms = tuple(t.strip() for t in chinese.split("|") if t.strip())
                if key and terms:
                    entries[key] = entries.get(key, ()) + tuple(t for t in terms if t not in entries.get(key, ()))
        return cls(entries)

    def match(self, text: str) -> tuple[list[GlossaryMatch], list[str]]:
        """Longest glossary phrases found in `text` (left to right), and the words no phrase covered."""
        words = _WORD.findall(text)
        folded = [fold(w) for w in words]
        found, rest, i = [], [], 0
        while i < len(words):
            for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                terms = self.entries.get(tuple(folded[i : i + n]))
                if terms:
                    found.append(GlossaryMatch(" ".join(words[i : i + n]), terms))
                    i += n
                    break
            else:
                rest.append(words[i])
                i += 1
        return found, rest
