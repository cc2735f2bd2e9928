"""Who a question is about: countries (delegations) in either language, resolved to one entity whatever name the
question uses (Russian Federation / Russia / Russian / 俄罗斯联邦 / 俄罗斯), and the speakers of the library's
verbatim records.

Country names come from pycountry (ISO 3166 names, official and common names, and their Chinese translations,
which it ships; an ISO name "Korea, Republic of" also in the UN's order, "Republic of Korea"); the records' own names
for their speakers' countries join them (a record's "俄罗斯联邦" and pycountry's "俄罗斯" are one entity, since one
contains the other). Written by hand: the matching (an English name or a demonym sharing its stem — Swedish/Sweden,
Russia/Russian — as whole words; the initials of a name of two words or more, in capitals, when no other
country's name has them: "the US", "the UK", "DRC", "EU"; a Chinese name as a substring, or a
part of one that no other country's name has, "联合王国"; the Chinese short form "X方", "俄方", "美方": the side of
the country "X国" or the one country whose name starts with X, a country of the records first).
"""
from __future__ import annotations

import gettext
import os
import re
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

# First words that name no country on their own ("United" is both Kingdom and States).
# The words of a country's form of state ("Principality of Monaco", "Federative Republic of Brazil") too: read as a
# stem, "principal" would be Monaco and "Federation" Brazil.
GENERIC = frozenset("united republic democratic islamic kingdom people's peoples state states federal federated "
                    "plurinational bolivarian arab socialist federation south north central new saint holy union "
                    "northern southern western eastern great islands island territory territories the of and "
                    "principality commonwealth independent federative sultanate grand duchy".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INITIALS = re.compile(r"\b[A-Z]{2,5}\b")
_POSSESSIVE = re.compile(r"['’]s?$")
# What stands between two names a question asks about together: the first name's end, then a conjunction.
_JOINED = re.compile(r"(?:,|，|、|\band|\bor|&|和|与|及|同|或)\s*(?:the\s+)?$", re.IGNORECASE)
_DIRECTIONS = "东西南北"  # 西方 is the West, not Spain's side


class Entity(NamedTuple):
    key: str  # ISO alpha-3, or the record's own name when ISO has none (the European Union)
    name: str  # the English name to show
    name_zh: str = ""  # the Chinese one, when known

    def shown(self, language: str) -> str:
        return self.name_zh if language == "zh" and self.name_zh else self.name


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


# Everyday names ISO 3166 does not give ("How did Britain describe…?").
_EVERYDAY = {"GBR": ("Britain", "Great Britain"), "KOR": ("South Korea",), "PRK": ("North Korea",)}


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...]:
    """(alpha-3, English name, Chinese name, every name in both languages, initials) for every ISO country;
    initials of two letters from its plain names only ("Hellenic Republic" is no "HR")."""
    import pycountry

    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext
    except OSError:  # no Chinese names installed: English names only
        zh = None
    out = []
    for c in pycountry.countries:
        names = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        names = [n for n in names if n] + list(_EVERYDAY.get(c.alpha_3, ()))
        if "," in c.name:  # "Bolivia, Plurinational State of" -> "Bolivia (Plurinational State of)", as the UN writes
            head, tail = (x.strip() for x in c.name.split(",", 1))
            names.append(f"{head} ({tail})")
            if re.search(r"\bof(?: the)?$", tail):  # "Korea, Republic of" -> "Republic of Korea"
                names.append(re.sub(r"^The\s+", "", f"{tail} {head}"))
        chinese = [zh(n) for n in names if zh(n) != n] if zh is not None else []
        official = getattr(c, "official_name", None)
        initials = {i for n in names for i in initials_of(n) if len(i) > 2 or n != official}
        out.append((c.alpha_3, getattr(c, "common_name", None) or c.name, chinese[0] if chinese else "",
                    tuple(dict.fromkeys(names + chinese)), tuple(sorted(initials))))
    return tuple(out)


class Entities:
    """Every country (and every speaker's country in the library), with the names that stand for it."""

    def __init__(self, record_names: Iterable[str] = ()):
        self.aliases: dict[str, Entity] = {}  # squashed name -> entity
        self.names: dict[str, str] = {}  # squashed name -> the name as written
        owners: dict[str, set[Entity]] = {}  # initials -> the entities with a name that has them
        for key, name, name_zh, names, initials in _countries():
            for n in names:
                self._add(n, Entity(key, name, name_zh))
            for i in initials:
                owners.setdefault(i, set()).add(Entity(key, name, name_zh))
        self.recorded: set[Entity] = set()  # the records' speakers' countries
        for n in record_names:
            if n and _squash(n) not in self.aliases:
                self._add(n, self.resolve(n) or Entity(n, n, n if _CJK.search(n) else ""))
            if n:
                self.recorded.add(self.aliases[_squash(n)])
                for i in initials_of(n):
                    owners.setdefault(i, set()).add(self.aliases[_squash(n)])
                if _CJK.search(n) and len(n) >= 4 and n.endswith("联盟"):  # a union's short name: 欧盟, 非盟, 东盟
                    self._add(n[0] + n[-1], self.aliases[_squash(n)])
        self.initials = {i: next(iter(v)) for i, v in owners.items() if len(v) == 1}  # "US" -> the United States
        heads: dict[str, set[str]] = {}  # the first word of an English name -> the entities with a name it starts
        for alias, entity in self.aliases.items():
            words = _WORD.findall(self.names[alias])
            if words and not _CJK.search(alias):
                heads.setdefault(words[0].lower(), set()).add(entity.key)
        self._shared_heads = {h for h, keys in heads.items() if len(keys) > 1}  # french: French Guiana, Polynesia…
        self.parts = _distinctive_parts(self.aliases)  # "联合王国" -> the United Kingdom
        self._chinese_names = sorted((a for a in self.aliases if _CJK.search(a) and len(a) >= 2), key=len, reverse=True)
        self._parts = sorted(self.parts, key=len, reverse=True)

    def _by_its_head(self, alias: str) -> bool:
        """Whether a name can be found by the stem of its first word alone: a word that starts no other country's
        name, or a name whose other words only say its form of state (Korea in "Korea (Republic of)"). "French" is
        not French Guiana, nor "British" the British Virgin Islands: those need their whole name."""
        words = [w.lower() for w in _WORD.findall(self.names[alias])]
        return words[0] not in self._shared_heads or all(w in GENERIC for w in words[1:])

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
        words = [_POSSESSIVE.sub("", w.lower()) for w in _WORD.findall(text)]  # the United Kingdom's: its name
        english = sorted((a for a in self.aliases if not _CJK.search(a)), key=len, reverse=True)
        for alias in english:
            parts = [p.lower() for p in _WORD.findall(self.names[alias])]
            if len(parts) > 1 and _squash(" ".join(parts)) in squashed and _phrase(parts, words):
                found.append((len(alias), self.aliases[alias]))
                words = _blank(words, parts)
        stems = [a for a in english if _stem_match(self.names[a], words) and self._by_its_head(a)]
        for alias in sorted(stems, key=lambda a: (len(_WORD.findall(self.names[a])), len(a))):  # plainest first
            found.append((0, self.aliases[alias]))
        if re.search(r"[a-z\u4e00-\u9fff]", text):  # capitals are initials only in a question that is not all capitals
            found += [(len(m.group(0)), self.initials[m.group(0)]) for m in _INITIALS.finditer(text)
                      if m.group(0) in self.initials]
        found += self._chinese(squashed)
        out: list[Entity] = []
        for _, e in sorted(found, key=lambda x: -x[0]):
            if e not in out:
                out.append(e)
        return out


    def position(self, text: str, entity: Entity) -> int:
        """Where `text` first names `entity` (by a name, the stem of its name's first word, its initials, a
        distinctive part of its Chinese name or its side, 俄方); len(text) when nowhere."""
        found = [len(text)]
        lowered = text.lower()
        for alias in self.names_of(entity):
            written = self.names[alias]
            if _CJK.search(alias):
                at = lowered.find(written.lower())
            else:
                head = _WORD.findall(written)[:1]
                stem = head[0].lower()[:max(4, len(head[0]) - 2)] if head else ""
                m = re.search(rf"(?<![A-Za-z]){re.escape(stem)}", lowered) if len(stem) >= 4 else None
                at = m.start() if m else -1
            if at >= 0:
                found.append(at)
        found += [m.start() for m in _INITIALS.finditer(text) if self.initials.get(m.group(0)) == entity]
        found += [text.find(part) for part, owner in self.parts.items() if owner == entity and part in text]
        found += [start for start, _, head in sides(text) if self.side(head) == entity]
        return min(found)

    def subjects(self, text: str, entities: Sequence[Entity]) -> list[Entity]:
        """Of the `entities` a question names, those it asks about: the first named, and those joined to it
        ("China and Russia", 中国和俄罗斯). The others are what it asks about them: "What did Egypt say about the
        Grand Ethiopian Renaissance Dam?", "英国对俄罗斯攻击乌克兰能源基础设施怎么说？"."""
        if len(entities) < 2:
            return list(entities)
        placed = sorted(((self.position(text, e), i, e) for i, e in enumerate(entities)))
        out, last = [placed[0][2]], placed[0][0]
        for at, _, e in placed[1:]:
            between = text[last:at]  # the name before, and what joins them ("" for one name read two ways: Niger)
            if at >= len(text) or len(between) > 60 or (between and not _JOINED.search(between)):
                break
            out.append(e)
            last = at
        return out

    def written_in(self, text: str) -> list[Entity]:
        """The countries an English text names by one of their names as written (capitalised, whole words): a
        sentence's "cost" is no Costa Rica, as a question's "Russian" is Russia (`in_text`)."""
        pattern = self.__dict__.get("_written")
        if pattern is None:
            names = sorted({n for a, n in self.names.items() if not _CJK.search(a) and n[:1].isupper()}, key=len,
                           reverse=True)
            pattern = self.__dict__["_written"] = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
        return list(dict.fromkeys(self.aliases[_squash(m.group(0))] for m in pattern.finditer(text)))

    def _chinese(self, squashed: str) -> list[tuple[int, Entity]]:
        """The countries a Chinese text names: whole names, longest first (a shorter name inside one is not read
        again: 苏丹 inside 南苏丹), then parts of a name that no other country's name has, then "X方"."""
        found = []
        for alias in self._chinese_names:
            if alias in squashed:
                found.append((len(alias), self.aliases[alias]))
                squashed = squashed.replace(alias, "\0")
        for part in self._parts:
            if part in squashed:
                found.append((len(part), self.parts[part]))
                squashed = squashed.replace(part, "\0")
        for _, _, head in sides(squashed):
            side = self.side(head)
            if side is not None:
                found.append((2, side))
        return found

    def side(self, head: str) -> Entity | None:
        """The country whose side "X方" is: the one named "X国" (中方, 美方), else the one country whose Chinese name
        starts with X (俄方, 日方), a country of the records first; none for a direction (西方, the West)."""
        if head in _DIRECTIONS:
            return None
        if head + "国" in self.aliases:
            return self.aliases[head + "国"]
        named = {e for a, e in self.aliases.items() if a.startswith(head) and _CJK.search(a) and a[1:2] != "属"}
        recorded = named & self.recorded
        for choice in (recorded, named):
            if choice:
                return next(iter(choice)) if len(choice) == 1 else None
        return None


@lru_cache(maxsize=1)
def world() -> Entities:
    """Every country, with no record's names: the places a question or a sentence may name."""
    return Entities()


def sides(text: str) -> list[tuple[int, int, str]]:
    """(start, end, X) of every "X方" a Chinese text writes as a word of its own (俄方, 美方: "the Russian side"), by
    jieba's segmentation: the 突方 inside 冲突方面 (冲突 / 方面) or 冲突方 (冲突 / 方) is no side of Tunisia's."""
    if "方" not in text:
        return []
    import jieba

    return [(start, end, word[0]) for word, start, end in jieba.tokenize(text)
            if len(word) == 2 and word[1] == "方" and _CJK.match(word[0])]


def initials_of(name: str) -> set[str]:
    """The initials of a name of two words or more: of its capitalised words (United States, US; Democratic
    Republic of the Congo, DRC) and of all its words (Republic of Korea, ROK)."""
    words = _WORD.findall(name)
    if len(words) < 2 or _CJK.search(name):
        return set()
    out = {"".join(w[0] for w in words if w[0].isupper()), "".join(w[0] for w in words).upper()}
    return {i for i in out if len(i) >= 2}


def _distinctive_parts(aliases: dict[str, Entity]) -> dict[str, Entity]:
    """Parts (three characters or more) of Chinese names that one entity's names have and no other's, and that
    are no whole name: 联合王国 of 大不列颠及北爱尔兰联合王国."""
    owners: dict[str, set[Entity]] = {}
    for alias, entity in aliases.items():
        if not _CJK.search(alias):
            continue
        for n in range(3, len(alias)):
            for i in range(len(alias) - n + 1):
                owners.setdefault(alias[i:i + n], set()).add(entity)
    return {part: next(iter(v)) for part, v in owners.items() if len(v) == 1 and part not in aliases}


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
