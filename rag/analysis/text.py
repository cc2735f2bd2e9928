"""Small pure text helpers: language detection, sentence spans, whitespace-free comparison, search tokens (jieba
for Chinese; Snowball stems without stop words for English)."""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from rag.types import Span
from rag.analysis.words import (CJK, DATE, DOCUMENT, DURATION, EN_STOPWORDS, ITEM, MONEY, NOT_A_QUANTITY,
                                 NOT_A_QUANTITY_NOR_ORDINAL, NUMBER, OFFICE_NAMES, ORDINAL_ASKED, ORGANISATION,
                                 ORGANISATION_HEADS, PERSON, QUESTION_FRAMES, SHARE, STOPWORDS, SYMBOL)

log = logging.getLogger(__name__)

# A sentence ends at 。！？；(or ASCII .!?;) and takes along closing quotes/brackets that follow.
# A full stop ends a sentence, except after a title or an initial ("Ms. Keita", "H.E. Mr. Fu", "the U.S. delegation").
_SENT_END = re.compile(r"[。！？；!?;]+[”’」』）)]*|(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bMessrs)(?<!\bMmes)"
                       r"(?<!\b[A-Z])\.(?=\s|$)[”’)]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def detect_language(text: str) -> str:
    """'zh' when Chinese characters make up a real share of the letters, else 'en'."""
    cjk = len(CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if cjk and cjk >= latin_words else "en"


def answer_language(text: str) -> str:
    """The language an answer is written in: 'en' for English prose, even when it quotes a Chinese name or term
    ("The new Secretary-General is 安东尼奥·古特雷斯."); else 'zh'."""
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    cjk = len(CJK.findall(text))
    return "en" if latin_words >= 3 and cjk <= 3 * latin_words else "zh"


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def has_quantity(text: str, ordinals: bool = False) -> bool:
    """The text states a count or an amount: a figure that is not a date, a year, an ordinal (unless `ordinals`:
    "第几次会议？" is answered by 第 9478 次) or a document symbol."""
    return bool(NUMBER.search((NOT_A_QUANTITY_NOR_ORDINAL if ordinals else NOT_A_QUANTITY).sub(" ", text)))


def expected_answer(question: str) -> str | None:
    """The kind of answer a question asks for (rag.analysis.words.QUESTION_FRAMES: judgement, duration, money,
    person, agent, share, quantity, date, organisation, place, symbol, document, item), or None for any other question."""
    return next((kind for kind, frame in QUESTION_FRAMES.items() if frame.search(question)), None)


def place_names(text: str) -> list[str]:
    """The place names of a Chinese text (jieba's part-of-speech tag `ns`, two characters or more). Its person and
    organisation tags are not names often enough to be trusted (its dictionary tags 封信, 花心思 as person names and
    新进展 as an organisation). Dictionary words only (no HMM): the HMM guesses unknown words at ~4 ms of CPU per
    character, 0.75 s for 200 random characters, and tags no place name of the evaluation questions the dictionary
    does not (issue 23)."""
    return _tagged_names(text, ("ns",))


def chinese_names(text: str) -> list[str]:
    """The places (as `place_names`) and organisations (as `organisation_names`) a Chinese text names, in one pass
    of the tagger, and the organisations it names in common nouns (`_body_names`: 人权理事会, 国际刑事法院)."""
    import jieba.posseg as pseg

    tagged = list(pseg.cut(text, HMM=False))
    names = [w.word for w in tagged if w.flag in _NAME_TAGS and len(w.word) >= _NAME_TAGS[w.flag]]
    return list(dict.fromkeys(names + _body_names(tagged)))


def _body_names(tagged: list) -> list[str]:
    """The runs of two or more nouns (verbal nouns and 及 inside: 港口管理委员会, 经济及社会理事会; 和 coordinates two)
    that end in the head word of a body (rag.analysis.words.ORGANISATION_HEADS), four characters or more: a body's
    name the dictionary does not hold, which the document must give whole (人权 and 理事会 apart are no 人权理事会)."""
    out, run = [], []
    for w in [*tagged, None]:
        if w is not None and (w.flag.startswith("n") or w.flag in ("b", "vn") or (run and w.word == "及")):
            run.append(w.word)
            continue
        while run and run[-1] == "及":
            run.pop()
        name = "".join(run)
        if len([x for x in run if x != "及"]) >= 2 and len(name) >= 4 and name.endswith(ORGANISATION_HEADS):
            out.append(name)
        run = []
    return out


def organisation_names(text: str) -> list[str]:
    """The organisations a Chinese text names: a dictionary name of four characters or more (jieba's `nt`: 非洲联盟,
    世界银行, 东南亚国家联盟; the shorter ones it tags are too often no name: 新进展)."""
    return _tagged_names(text, ("nt",))


_NAME_TAGS = {"ns": 2, "nt": 4}  # jieba's tag of a place and of an organisation: the shortest such name trusted


def _tagged_names(text: str, tags: tuple[str, ...]) -> list[str]:
    """The words of a Chinese text that jieba's dictionary tags with one of `tags`, long enough to trust."""
    import jieba.posseg as pseg

    return [w.word for w in pseg.cut(text, HMM=False) if w.flag in tags and len(w.word) >= _NAME_TAGS[w.flag]]


def holds_answer(kind: str, sentences: list[tuple[str, ...]], question: str = "") -> bool:
    """Whether any sentence (each given in all its versions) holds an answer of that kind that the question does
    not hold already: a country the question names is no answer to "which countries other than Sweden…", in
    whichever language either names it."""
    texts = [t for versions in sentences for t in versions]
    if kind == "judgement":  # the assistant's own judgement or a forecast: no sentence of a record is one
        return False
    if kind == "quantity":
        ordinals = bool(ORDINAL_ASKED.search(question))
        return any(has_quantity(t, ordinals) for t in texts)
    if kind == "place":
        return names_another_place(texts, question)
    if kind == "organisation":
        return any(not _in_question(m.group(0), question) for t in texts for m in ORGANISATION.finditer(t)) or any(
            not _in_question(name, question) for t in texts if CJK.search(t) for name in organisation_names(t))
    if kind == "agent":
        return holds_answer("person", sentences, question) or names_another_place(texts, question)
    pattern = {"date": DATE, "duration": DURATION, "symbol": SYMBOL, "document": DOCUMENT, "item": ITEM,
               "share": SHARE, "money": MONEY, "person": PERSON}[kind]
    return any(not _in_question(m.group(0), question, by_numbers=kind == "date")
               and not (kind == "person" and _office_in_question(m.group(0), question))
               for t in texts for m in pattern.finditer(t))


def _office_in_question(found: str, question: str) -> bool:
    """Whether `found` is an office (rag.analysis.words.OFFICE_NAMES) the question names in the other language: the
    English version's Secretary-General is no person a Chinese question about 秘书长 asks for."""
    lowered = question.lower()
    return any((found == en and zh in question) or (found == zh and en.lower() in lowered) for en, zh in OFFICE_NAMES)


def _in_question(found: str, question: str, by_numbers: bool = False) -> bool:
    """Whether the question holds `found` already: as written, whitespace ignored (the document's "2030 年", the
    question's 2030年), or, `by_numbers` (a date), every number of it (2030 年 in the Chinese version of the
    question's "2030 Agenda"; a title with a number in it is another document all the same)."""
    if squash(found).lower() in squash(question).lower():
        return True
    numbers = re.findall(r"\d+", found)
    return by_numbers and bool(numbers) and set(numbers) <= set(re.findall(r"\d+", question))


def names_another_place(texts: Iterable[str], question: str) -> bool:
    """Whether a text names a place the question does not: in Chinese a place name (jieba's `ns`), in English a
    country (rag/analysis/entities.py), neither the question's own country in any of its names (Sweden / 瑞典) nor
    a word of the question."""
    from rag.analysis.entities import world

    countries = world()
    asked = {e.key for e in countries.in_text(question)}
    squashed = squash(question)
    for text in texts:
        if has_cjk(text):
            for place in place_names(text):
                entity = countries.resolve(place)
                if place not in squashed and (entity is None or entity.key not in asked):
                    return True
        elif any(e.key not in asked for e in countries.written_in(text)):
            return True
    return False


def squash(text: str) -> str:
    """Text with all whitespace removed: the form in which source spans are compared."""
    return re.sub(r"\s+", "", text)


def squash_office(text: str) -> str:
    """An office as compared: lower-case, without spaces and hyphens ("Under-Secretary-General" ~ "under secretary
    general")."""
    return re.sub(r"[\s\-‐–]+", "", text).lower()


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


def words_found(words: Sequence[str], language: str, texts: Iterable[str]) -> set[str]:
    """Which of a question's topic `words` (rag/analysis/query.py: Chinese words, English stems) the `texts` of that
    language hold: a Chinese word as a substring (whitespace ignored), an English stem as the stem of a word."""
    texts = list(texts)
    if language == "zh":
        joined = squash(" ".join(texts)).lower()
        return {w for w in words if squash(w) and squash(w).lower() in joined}
    stems = {stem(w) for t in texts for w in english_words(t)}
    return {w for w in words if w in stems}


def tokenize_en(text: str) -> list[str]:
    """English search tokens: the stems of the text's words that are not stop words."""
    return [stem(w) for w in english_words(text) if w not in EN_STOPWORDS]


def tokenizer(language: str) -> Callable[[str], list[str]]:
    """The search tokenizer for a language version: jieba for Chinese, English stems otherwise."""
    return tokenize if language == "zh" else tokenize_en
