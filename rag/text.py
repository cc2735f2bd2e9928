"""Small pure text helpers: language detection, sentence spans, whitespace-free comparison, search tokens (jieba
for Chinese; Snowball stems without stop words for English)."""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Callable

from rag.types import Span

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# A sentence ends at 。！？；(or ASCII .!?;) and takes along closing quotes/brackets that follow.
_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*|\.(?=\s|$)[”’)]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def detect_language(text: str) -> str:
    """'zh' when Chinese characters make up a real share of the letters, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if cjk and cjk >= latin_words else "en"


def answer_language(text: str) -> str:
    """The language an answer is written in: 'en' for English prose, even when it quotes a Chinese name or term
    ("The new Secretary-General is 安东尼奥·古特雷斯."); else 'zh'."""
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    cjk = len(_CJK.findall(text))
    return "en" if latin_words >= 3 and cjk <= 3 * latin_words else "zh"


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


# A question that asks for a count or an amount ("How many peacekeepers…", "多少个国家…", "几名…"); 几 only before a
# measure word, since 几乎 means "almost".
_ASKS_QUANTITY = re.compile(
    r"\bhow\s+(?:many|much)\b|\bwhat\s+(?:is\s+the\s+)?(?:number|percentage|proportion|amount)\b"
    r"|多少|百分之几|几(?:个|名|位|项|次|年|月|天|国|家|条|种|人|百|千|万|亿)",
    re.IGNORECASE,
)
# A figure in the document: digits, or a Chinese numeral (一 only as 一个/一百…: alone it is mostly "一致", "统一").
_NUMBER = re.compile(r"\d|[二两三四五六七八九十百千万亿]|一(?=[个名位项次百千万亿])")


def asks_for_quantity(question: str) -> bool:
    return bool(_ASKS_QUANTITY.search(question))


# Figures that do not count or measure anything: dates and years ("2017 年 1 月 10 日", "January 2017"), ordinals
# ("第九十九条", Article 99 as 第…条) and document symbols ("S/PV.7857").
_NOT_A_QUANTITY = re.compile(
    r"\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?|\d+\s*月(?:份|\s*\d+\s*日)?|第[\d一二两三四五六七八九十百千]+"
    r"|\b[A-Z]+/[\w./-]+|\b(?:1[89]|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def has_quantity(text: str) -> bool:
    """The text states a count or an amount: a figure that is not a date, a year, an ordinal or a document symbol."""
    return bool(_NUMBER.search(_NOT_A_QUANTITY.sub(" ", text)))


def squash(text: str) -> str:
    """Text with all whitespace removed: the form in which source spans are compared."""
    return re.sub(r"\s+", "", text)


def strip_control(text: str) -> str:
    return _CONTROL.sub(" ", text)


def sentence_spans(text: str) -> list[Span]:
    """Split a paragraph into sentences; each span's text is verbatim `text[start:end]`, stripped."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        s, e = s + lead, e - trail
        if e > s:
            out.append(Span(s, e, text[s:e]))
    return out


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


# Function words and question words carry no topic: they must not make a question "match" a paragraph.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 为 对 把 被 将 就 也 都 而 并 之 其 这 那 此 有 个 中 上 下 等 以 于 从 向 "
    "什么 哪些 哪个 哪里 哪 怎么 怎样 如何 为什么 吗 呢 吧 啊 谁 多少 几 是否 还 说 提到 关于 这次 那次 一些 "
    "the a an of to in on for and or is are was were be been by with what which who whom whose how why when "
    "where do does did at as it its this that these those from about say said according many much "
    # words about the question itself, not its topic
    "文件 本文件 谈到 讲 说了 告诉 请问 document paper text says mention mentioned mentions talk tell me you "
    "please give can could would there any anyone anybody someone somebody anything something everyone everybody"
    .split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased search tokens: jieba words for Chinese (search mode), words for Latin script; no stopwords."""
    tokens = []
    for tok in _jieba().cut_for_search(text.lower()):
        tok = tok.strip()
        if not tok or tok in STOPWORDS or not re.search(r"\w", tok):
            continue
        tokens.append(tok)
    return tokens


def content_words(text: str) -> list[str]:
    """Distinct words that carry meaning (jieba's precise mode; no stopwords, no single Chinese characters)."""
    out = []
    for tok in _jieba().cut(text.lower()):
        tok = tok.strip()
        if tok and tok not in STOPWORDS and re.search(r"\w", tok) and (len(tok) >= 2 or tok.isdigit()):
            out.append(tok)
    return list(dict.fromkeys(out))


# English search tokens: words and numbers, lower-cased, stop words dropped, Snowball stems ("reaffirmed" ->
# "reaffirm"), so that an English question meets the English version's wording in BM25.
_EN_TOKEN = re.compile(r"[A-Za-zÀ-ɏ]+(?:['’][A-Za-z]+)?|\d+")
EN_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
    "this to was will with were been being has have had do does did what which who whom whose how why when where "
    "its from about than so can could would should may might must shall i me my we our you your he him his she her "
    "them us also any all some each other more most very just only own same too s".split()
)
_local = threading.local()


def stem(word: str) -> str:
    """Lower-cased Snowball stem: "reaffirmed", "reaffirms" -> "reaffirm" (one stemmer per thread: it keeps state)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower().replace("’", "'").removesuffix("'s"))


def english_words(text: str) -> list[str]:
    """The words and numbers of an English text, lower-cased, in order (stop words kept)."""
    return [w.lower().replace("’", "'").removesuffix("'s") for w in _EN_TOKEN.findall(text)]


def tokenize_en(text: str) -> list[str]:
    """English search tokens: the stems of the text's words that are not stop words."""
    return [stem(w) for w in english_words(text) if w not in EN_STOPWORDS]


def tokenizer(language: str) -> Callable[[str], list[str]]:
    """The search tokenizer for a language version: jieba for Chinese, English stems otherwise."""
    return tokenize if language == "zh" else tokenize_en
