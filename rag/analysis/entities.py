"""Who a question is about: countries (delegations) in either language, resolved to one entity whatever name the
question uses (Russian Federation / Russia / Russian / 俄罗斯联邦 / 俄罗斯), and the speakers of the library's
verbatim records.

Country names come from pycountry (ISO 3166 names, official and common names, and their Chinese translations,
which it ships); the records' own names for their speakers' countries join them (a record's "俄罗斯联邦" and
pycountry's "俄罗斯" are one entity, since one contains the other). Written by hand: the matching (an English name
or a demonym sharing its stem — Swedish/Sweden, Russia/Russian — as whole words; a Chinese name as a substring).
"""
from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from typing import Iterable, NamedTuple

# First words that name no country on their own ("United" is both Kingdom and States).
GENERIC = frozenset("united republic democratic islamic kingdom people's peoples state states federal federated "
                    "plurinational bolivarian arab socialist federation south north central new saint holy union "
                    "northern southern western eastern great islands island territory territories the of and".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class Entity(NamedTuple):
    key: str  # ISO alpha-3, or the record's own name when ISO has none (the European Union)
    name: str  # the English name to show
    name_zh: str = ""  # the Chinese one, when known

    def shown(self, language: str) -> str:
        return self.name_zh if language == "zh" and self.name_zh else self.name


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(alpha-3, English name, Chinese name, every name in both languages) for every ISO country."""
    import pycountry

    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext
    except OSError:  # no Chinese names installed: English names only
        zh = None
    out = []
    for c in pycountry.countries:
        names = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        names = [n for n in names if n]
        if "," in c.name:  # "Bolivia, Plurinational State of" -> "Bolivia (Plurinational State of)", as the UN writes
            head, tail = c.name.split(",", 1)
            names.append(f"{head.strip()} ({tail.strip()})")
        chinese = [zh(n) for n in names if zh(n) != n] if zh is not None else []
        out.append((c.alpha_3, getattr(c, "common_name", None) or c.name, chinese[0] if chinese else "",
                    tuple(dict.fromkeys(names + chinese))))
    return tuple(out)


class Entities:
    """Every country (and every speaker's country in the library), with the names that stand for it."""

    def __init__(self, record_names: Iterable[str] = ()):
        self.aliases: dict[str, Entity] = {}  # squashed name -> entity
        self.names: dict[str, str] = {}  # squashed name -> the name as written
        for key, name, name_zh, names in _countries():
            for n in names:
                self._add(n, Entity(key, name, name_zh))
        for n in record_names:
            if n and _squash(n) not in self.aliases:
                self._add(n, self.resolve(n) or Entity(n, n, n if _CJK.search(n) else ""))

    def _add(self, name: str, entity: Entity) -> None:
        key = _squash(name)
        if key not in self.aliases:
            self.aliases[key], self.names[key] = entity, name

    def resolve(self, name: str | None) -> Entity | None:
        """The entity a country name stands for (a record's "俄罗斯联邦" -> Russian Federation), or None."""
        if not name:
            return None
        key = _squash(name)
        if key in self.aliases:
            return self.aliases[key]
        if _CJK.search(name):  # one Chinese name inside the other: 俄罗斯 / 俄罗斯联邦
            inside = [(len(a), e) for a, e in self.aliases.items() if _CJK.search(a) and len(a) >= 2
                      and (a in key or key in a)]
            return max(inside)[1] if inside else None
        return None

    def names_of(self, entity: Entity) -> list[str]:
        """Every name (squashed, lower-cased) that stands for `entity`."""
        return [a for a, e in self.aliases.items() if e.key == entity.key]

    def in_text(self, text: str) -> list[Entity]:
        """The entities a question names, longest names first, once each (the words of a longer name are not
        read again as a shorter one: "Northern Ireland" inside the United Kingdom's name is no Ireland)."""
        found: list[tuple[int, Entity]] = []
        squashed = _squash(text)
        words = [w.lower() for w in _WORD.findall(text)]
        english = sorted((a for a in self.aliases if not _CJK.search(a)), key=len, reverse=True)
        for alias in english:
            parts = [p.lower() for p in _WORD.findall(self.names[alias])]
            if len(parts) > 1 and _squash(" ".join(parts)) in squashed and _phrase(parts, words):
                found.append((len(alias), self.aliases[alias]))
                words = _blank(words, parts)
        stems = [a for a in english if _stem_match(self.names[a], words)]
        for alias in sorted(stems, key=lambda a: (len(_WORD.findall(self.names[a])), len(a))):  # plainest first
            found.append((0, self.aliases[alias]))
        for alias, entity in self.aliases.items():
            if _CJK.search(alias) and len(alias) >= 2 and alias in squashed:
                found.append((len(alias), entity))
        out: list[Entity] = []
        for _, e in sorted(found, key=lambda x: -x[0]):
            if e not in out:
                out.append(e)
        return out


def _blank(words: list[str], parts: list[str]) -> list[str]:
    """`words` with every occurrence of the phrase `parts` blanked out."""
    out, n = list(words), len(parts)
    for i in range(len(out) - n + 1):
        if out[i:i + n] == parts:
            out[i:i + n] = [""] * n
    return out


def _stem_match(alias: str, words: list[str]) -> bool:
    """A distinctive single word (or the distinctive first word of a name) by its stem: Swedish ~ Sweden,
    Russia ~ Russian, Chinese ~ China."""
    parts = _WORD.findall(alias)
    if not parts:
        return False
    head = parts[0].lower()
    if head in GENERIC or len(head) < 4:
        return False
    need = max(4, len(head) - 2)
    return any(len(w) >= 4 and _common_prefix(w, head) >= min(need, len(w)) for w in words)


def _phrase(parts: list[str], words: list[str]) -> bool:
    parts = [p.lower() for p in parts]
    return any(words[i:i + len(parts)] == parts for i in range(len(words) - len(parts) + 1))


def _common_prefix(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))
