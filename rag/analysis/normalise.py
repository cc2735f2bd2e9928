"""Normalise what people type before analysis: Traditional Chinese to Simplified (the document's script), full-width
and other compatibility forms to their plain ones (NFKC), and numbers written one way matched to the other way
(第九十九条 / 第99条 / Article 99).

Library work: OpenCC's `t2s` table (the `opencc` package) converts the script, and `unicodedata`'s NFKC the forms.
Chinese punctuation (，。？！：；（）) is kept as typed: NFKC would turn it into ASCII punctuation, which the
question frames read too but a reader of the echoed question would not expect.

Written by hand: the conversion between Chinese and Arabic numerals for whole numbers below 100,000 (the document's
article, chapter and count numbers). The PyPI converters (cn2an) bring their own dependencies and convert whole
texts, turning words such as 一致 or 统一 into digits; retrieval needs only the other spelling of each number.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rag.analysis.words import CJK

# Full-width punctuation a Chinese question is written with: kept as it is.
_KEEP = frozenset("，。？！：；（）、“”‘’《》【】「」『』…—～·")
_DIGITS = "零一二三四五六七八九"
# A Chinese numeral of two characters or more, or one after 第 (第六章): single 一 or 十 are mostly words.
_CHINESE_NUMBER = re.compile(r"(?<=第)[零一二两三四五六七八九十百千万]+|[零一二两三四五六七八九十百千万]{2,}")
_ARABIC_NUMBER = re.compile(r"(?<![\d.])\d{1,5}(?![\d.])")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The question as analysis reads it: compatibility forms folded (NFKC, Chinese punctuation kept) and
    Traditional characters converted to Simplified."""
    folded = "".join(c if c in _KEEP else unicodedata.normalize("NFKC", c) for c in text)
    return _converter().convert(folded) if CJK.search(folded) else folded


def to_chinese_numeral(n: int) -> str:
    """99 -> 九十九, 101 -> 一百零一, 2015 -> 二千零一十五 (whole numbers 0 <= n < 100,000)."""
    if not 0 <= n < 100000:
        raise ValueError(f"{n} is outside what is converted (0-99999)")
    digits = str(n)
    out = ""
    for i, d in enumerate(digits):
        place = len(digits) - 1 - i
        if d == "0":
            if not out.endswith("零") and digits[i:].strip("0"):
                out += "零"
            continue
        unit = {4: "万", 3: "千", 2: "百", 1: "十", 0: ""}[place]
        out += ("" if (unit == "十" and i == 0 and d == "1") else _DIGITS[int(d)]) + unit
    return out or _DIGITS[0]


def from_chinese_numeral(text: str) -> int | None:
    """九十九 -> 99, 十五 -> 15, 二千零一十五 -> 2015; None when `text` is not a Chinese whole number."""
    if not text or any(c not in "零一二两三四五六七八九十百千万" for c in text):
        return None
    units = {"十": 10, "百": 100, "千": 1000, "万": 10000}
    total, digit = 0, None
    for c in text:
        if c in units:
            total += (1 if digit is None else digit) * units[c]
            digit = None
        elif c != "零":
            digit = 2 if c == "两" else _DIGITS.index(c)
    return total + (digit or 0)


def number_forms(text: str) -> list[str]:
    """The other spellings of the numbers in a text: Arabic for each Chinese numeral, Chinese for each Arabic one."""
    forms = []
    for m in _CHINESE_NUMBER.finditer(text):
        value = from_chinese_numeral(m.group(0))
        if value is not None:
            forms.append(str(value))
    forms += [to_chinese_numeral(int(m.group(0))) for m in _ARABIC_NUMBER.finditer(text)]
    return list(dict.fromkeys(forms))
