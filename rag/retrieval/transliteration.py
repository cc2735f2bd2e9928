"""A speaker's name across scripts: "What did Ms. Morales say…?" about a Chinese record whose turn reads 莫拉莱斯女士,
and 林德奎斯特先生 in a Chinese question about an English record's Mr. Lindqvist.

Chinese writes a foreign name by its sounds, so the two spellings share their consonants. Each is reduced to a
skeleton of consonant classes: the Chinese through its pinyin (pypinyin), the Latin through its letters; b/p, d/t,
g/k/c/q, l/r, s/z/x/j and the sibilants each fall together, and h, w, v and y (often left out, or written as
vowels: 维 for "vi", 乌 for "u"; a v may be a b, 巴尔德斯 for Valdés) are dropped on both sides; an r before a consonant is dropped from the Latin (Cart-
卡特), and 尔 read as an l. Two names match when their skeletons are close (edit
distance, `MIN_SIMILARITY`) and no other speaker's name is as close.

Written by hand: pypinyin gives the readings; no library matches a transliterated name to its original.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

MIN_SIMILARITY = 0.8  # share of the longer skeleton the two must agree on
MIN_SKELETON = 2  # consonants a name needs before it is matched at all
MIN_UNTITLED = 3  # and one with no honorific ("Valdés", 布伦纳), more alike a chance word
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CAPITALISED = re.compile(r"(?<![\w.-])[A-Z][a-zà-ÿ]{2,}(?![\w-])")
_LATIN_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Miss|Dr|Sir|Dame|Ambassador)\.?\s+(?P<name>[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)")
_CLASSES = {**dict.fromkeys("bp", "P"), **dict.fromkeys("dt", "T"), **dict.fromkeys("gkcq", "K"),
            **dict.fromkeys("lr", "L"), **dict.fromkeys("szxj", "S"), "m": "M", "n": "N", "f": "F"}
_PINYIN_INITIAL = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?([a-z]*?)(ng|n)?$")


def latin_skeletons(name: str) -> tuple[str, ...]:
    """The skeletons of a Latin-script name: a v between vowels is a w to some (哈维斯托, Haavisto) and a b to others
    (巴尔德斯, Valdés)."""
    plain = latin_skeleton(name)
    if "v" not in name.lower():
        return (plain,)
    return (plain, latin_skeleton(re.sub("v", "b", name, flags=re.IGNORECASE)))


def latin_skeleton(name: str) -> str:
    """The consonant classes of a Latin-script name, in order, one for a doubled letter ("Haavisto" -> "ST")."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    letters = re.sub(r"ng$", "n", re.sub(r"gh", "", re.sub(r"ph", "f", letters)))  # Zhang, Wright, Philips
    letters = re.sub(r"r(?=[^aeiouy]|$)", "", letters.replace("x", "ks"))  # Cart- 卡特, Peters 彼得斯: no r
    letters = re.sub(r"v(?=[^aeiouy]|$)", "f", letters)  # Volkov 沃尔科夫
    out = [_CLASSES.get(c, "") for c in letters]
    return _dedupe("".join(out))


@lru_cache(maxsize=4096)
def chinese_skeleton(name: str) -> str:
    """The consonant classes of a Chinese transliteration through its pinyin (莫拉莱斯 -> mo la lai si -> "MLLS")."""
    from pypinyin import lazy_pinyin

    out = []
    for syllable in lazy_pinyin(name):
        m = _PINYIN_INITIAL.match(syllable)
        if not m:
            continue
        initial, final = m.group(1) or "", m.group(3) or ""
        if syllable == "er":  # 尔: an l or r
            out.append("L")
            continue
        out.append("S" if initial in ("zh", "ch", "sh") else _CLASSES.get(initial, ""))
        out.append("N" if final else "")
    return _dedupe("".join(out))


def _dedupe(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length, of two skeletons."""
    if not a or not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return 1 - previous[-1] / max(len(a), len(b))


def _skeletons(text: str) -> tuple[str, ...]:
    return (chinese_skeleton(text),) if _CJK_RUN.fullmatch(text) else latin_skeletons(text)


def candidates(question: str, chinese: bool) -> list[tuple[str, bool]]:
    """(spelling, after an honorific) for what in the question may be a name in the other script: Chinese runs'
    endings of two to six characters before an honorific (卡马乌 in 通报人卡马乌女士) and the names jieba tags as a
    person's (布伦纳 in 红十字国际委员会主席布伦纳); a Latin name after an honorific ("Ms. Morales") or a capitalised
    word inside the question ("What did Valdés say…?")."""
    if chinese:
        if not _CJK_RUN.search(question):
            return []
        runs = [m.group(0) for m in re.finditer(r"[\u4e00-\u9fff·]{2,}?(?=先生|女士|夫人|小姐|大使|阁下|医生|博士|教授)",
                                                question)]
        tagged = [(w, False) for w in _person_names(question)]
        return [(run[-n:].lstrip("·"), True) for run in runs for n in range(2, min(6, len(run)) + 1)] + tagged
    titled = [(m.group("name"), True) for m in _LATIN_NAME.finditer(question)]
    inside = [(m.group(0), False) for m in _CAPITALISED.finditer(question) if m.start() > 0]
    return titled + inside


def _person_names(text: str) -> list[str]:
    import jieba.posseg

    return [w.word for w in jieba.posseg.cut(text) if w.flag in ("nr", "nrt", "nrfg") and len(w.word) >= 2]


def matching_speaker(question: str, surnames: Iterable[tuple[str, str]],
                     excluded: Callable[[str], bool] = lambda spelling: False) -> str | None:
    """The one speaker (`(name, surname)` pairs, the surname in the other script than the question's names) whose
    surname the question spells in its own script, or None: the closest by skeleton, when close enough and closer
    than any other speaker's. `excluded`: spellings that are something else (a country: 英国大使)."""
    scored: dict[str, float] = {}
    pairs = list(surnames)
    if not pairs:
        return None
    other_is_chinese = bool(_CJK_RUN.search(pairs[0][1]))
    for spelling, titled in candidates(question, chinese=not other_is_chinese):
        if excluded(spelling):
            continue
        asked = [a for a in _skeletons(spelling) if len(a) >= (MIN_SKELETON if titled else MIN_UNTITLED)]
        for name, surname in pairs:
            theirs = [t for t in _skeletons(surname) if len(t) >= MIN_SKELETON]
            best = max((similarity(a, t) for a in asked for t in theirs), default=0.0)
            scored[name] = max(scored.get(name, 0.0), best)
    ranked = sorted(scored.items(), key=lambda x: -x[1])
    if not ranked or ranked[0][1] < MIN_SIMILARITY or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return None
    return ranked[0][0]
