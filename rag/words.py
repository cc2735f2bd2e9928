"""Every word list and pattern the library reads text with, in one place.

Stop words and question words carry no topic. Question frames say what kind of answer a question expects (a
count, a date, a duration, a country, a document symbol); answer patterns say whether a sentence holds one.
Negation and causal markers are what the check of generated sentences compares with their sources.

Each list is a closed grammatical class or a fixed taxonomy (the classic answer types of question answering), not a
list of topics: a word does not join it because some question failed.
"""
from __future__ import annotations

import re

# -- stop words --------------------------------------------------------------------------------------------
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
# English search: Lucene's stop words, auxiliaries, pronouns and question words.
EN_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they "
    "this to was will with were been being has have had do does did what which who whom whose how why when where "
    "its from about than so can could would should may might must shall i me my we our you your he him his she her "
    "them us also any all some each other more most very just only own same too s".split()
)

# -- what a question asks for ------------------------------------------------------------------------------
# Answer types (a fixed taxonomy: the classic number, date, time, location and identifier classes of question
# answering) and the question frames that ask for each, in English and Chinese.
QUESTION_FRAMES: dict[str, re.Pattern] = {
    "quantity": re.compile(
        r"\bhow\s+(?:many|much)\b|\bwhat\s+(?:is\s+the\s+)?(?:number|percentage|proportion|amount)\s+of\s+(?!the\s+resolution)"
        r"|多少(?!时间)|百分之几|几(?:个|名|位|项|次|百|千|万|亿|国|家|条|种|人)", re.IGNORECASE),
    # a date by name ("when" is left out: "until conflict has broken out" answers it too)
    "date": re.compile(
        r"\bwhat\s+(?:date|day|year|month)\b|\bwhich\s+(?:date|day|year|month)\b|\bin\s+what\s+year\b"
        r"|\bon\s+what\s+date\b|哪一?天|哪一?年|哪个月|几月|几号|日期", re.IGNORECASE),
    "duration": re.compile(
        r"\bhow\s+long\b|\bwhat\s+time\b|\bat\s+what\s+time\b|多长时间|多久|几点|几个小时|几小时", re.IGNORECASE),
    # a place: a country or a city (a nationality, a capital)
    "place": re.compile(
        r"\bwhich\s+(?:countr(?:y|ies)|nations?|member\s+states?|states?|governments?|delegations?|cit(?:y|ies))\b"
        r"|\bwhat\s+(?:countr(?:y|ies)|nationality|city)\b|\bnationality\b|\bcapital\s+(?:city\s+)?of\b"
        r"|哪个国家|哪些国家|哪国|哪一国|哪个会员国|哪些会员国|哪个代表团|哪些代表团|国籍|首都|哪个城市|哪座城市", re.IGNORECASE),
    "symbol": re.compile(
        r"\b(?:symbol|document\s+number|resolution\s+number)\b|\bnumbers?\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,6}?resolutions?\b"
        r"|文号|编号|第几号|几号决议", re.IGNORECASE),
}

# -- what a sentence holds ---------------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# A figure: digits, or a Chinese numeral (一 only as 一个/一百…: alone it is mostly 一致, 统一).
NUMBER = re.compile(r"\d|[二两三四五六七八九十百千万亿]|一(?=[个名位项次百千万亿])")
# Figures that do not count or measure anything: dates and years, ordinals (第九十九条) and document symbols.
NOT_A_QUANTITY = re.compile(
    r"\d+\s*年(?:\s*\d+\s*月)?(?:\s*\d+\s*日)?|\d+\s*月(?:份|\s*\d+\s*日)?|第[\d一二两三四五六七八九十百千]+"
    r"|\b[A-Z]+/[\w./-]+|\b(?:1[89]|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\b"
)
DATE = re.compile(r"\d+\s*年|\d+\s*月|\b(?:1[89]|20)\d\d\b|\b(?:" + "|".join(MONTHS) + r")\b")
DURATION = re.compile(
    r"(?:[一二两三四五六七八九十几]+|\d{1,2})\s*(?:年|个月|周|个星期|天|个小时|小时|分钟)"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\b"
    r"|\b\d{1,2}[:.]\d\d\b|\b(?:a\.m\.|p\.m\.)", re.IGNORECASE)
SYMBOL = re.compile(r"\b[A-Z]{1,4}/(?:[A-Z]+\.)?\d[\w./()-]*|\bresolutions?\s+\d{3,4}\b|第\s*\d{3,4}\s*(?:\(\d{4}\))?\s*号")

# -- generated sentences against their sources ---------------------------------------------------------------
# Negation: a sentence and its source must agree on it (rag/llm/verify.py). Chinese is compared in jieba words,
# so that 不断 (constantly) or 不仅 (not only) is no negation.
NEGATION_ZH = frozenset("不 没 没有 未 无 非 并非 绝不 从未 从不 不是 毫无 别 勿 未能 无法 不能 不会 从来不".split())
NEGATION_EN = re.compile(r"\b(?:not|no|never|neither|nor|none|nothing|cannot|without)\b|n't\b", re.IGNORECASE)
# Words that assert a cause or a consequence: a sentence may state such a relation only when its source does.
CAUSAL = re.compile(r"导致|造成|带来|引发|引起|致使|使得|以致|因为|由于|因此|所以|从而"
                    r"|\b(?:because|therefore|thus|hence|leads?\s+to|led\s+to|results?\s+in|causes?|caused)\b",
                    re.IGNORECASE)
# Words that rank one thing above another: likewise only where the source ranks them.
PRIORITY = re.compile(r"优先于|优先|重于|高于|胜过|首先考虑"
                      r"|\bprioriti[sz]\w*|\bprecedence\b|\bmore\s+important\s+than\b"
                      r"|\brather\s+than\b|\binstead\s+of\b", re.IGNORECASE)
# The answer to a yes/no question.
YES = re.compile(r"^\s*(?:yes\b|是的|对[，,。]|是[，,。])", re.IGNORECASE)
NO = re.compile(r"^\s*(?:no\b|不[，,。是]|否[，,。]|没有[，,。])", re.IGNORECASE)
YES_NO_QUESTION = re.compile(
    r"^\s*(?:did|does|do|is|are|was|were|has|have|had|can|could|should|will|would|must)\b|吗[？?]?\s*$|是否",
    re.IGNORECASE)
