"""Question analysis: the language a question is asked in, its search tokens, its topic words, and the names and
numbers it depends on. Pure text work, no models: retrieval (rag/retrieval/retriever.py) scores with what this returns.
The question is read as rag/analysis/normalise.py normalises it (Simplified script, plain forms); numbers also count
in their other spelling (99 / 九十九), both in the search tokens and among the numbers the question depends on.
"""
from __future__ import annotations

import re

from rag.analysis.normalise import normalise, number_forms
from rag.analysis.text import chinese_names, content_words, detect_language, english_words, expected_answer, stem, tokenizer
from rag.types import Query
from rag.analysis.words import ABOUT, EN_STOPWORDS, NAME_RUN, NOT_KEYWORDS, OPPOSITION, QUESTION_FRAMES, RUN_INNER, STOPWORDS

# A capitalised word that does not open a sentence: a name ("Russian", "Gambia").
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b")
_SENTENCE_START = re.compile(r"\s*|.*[.?!]\s+", re.DOTALL)  # what comes before a word that opens a sentence


def english_topic_words(text: str) -> list[str]:
    """The stems of an English text's topic words, in order, once each: no stop words, no question words."""
    return list(dict.fromkeys(stem(w) for w in english_words(text)
                              if w not in EN_STOPWORDS and w not in STOPWORDS and len(w) > 1))


def _names(text: str, language: str, max_tagged_chars: int) -> list[str]:
    if language == "zh":  # jieba's tagger costs time linear in the text: only the start is tagged
        return chinese_names(text[:max_tagged_chars])
    return [w for w in _CAPITALISED.findall(text.strip())] + name_runs(text)


def name_runs(text: str) -> list[str]:
    """The names of several capitalised words an English text gives (rag.analysis.words.NAME_RUN), without the
    word that opens a sentence (capitalised for its place, like the single words of `_CAPITALISED`: "Did
    Guterres", "Summarize Somalia's", "Which Member States": Member States) or the inner words left at an end:
    each with at least two capitalised words."""
    out = []
    for m in NAME_RUN.finditer(text):
        words = m.group(0).split()
        if _SENTENCE_START.fullmatch(text[:m.start()]):
            words = words[1:]
        while words and (words[0].lower() in EN_STOPWORDS or words[0].lower() in STOPWORDS
                         or words[0] in RUN_INNER):
            words = words[1:]
        while words and words[-1] in RUN_INNER:
            words = words[:-1]
        if sum(w[:1].isupper() for w in words) >= 2:
            out.append(" ".join(words))
    return out


NOUN_LIKE = ("an", "vn")  # jieba's adjective and verb used as nouns (腐败, 流通, 威胁): things a question is about


def about_words(text: str, language: str, max_tagged_chars: int = 200) -> tuple[str, ...]:
    """The topic words of the subject a question says it is about ("What did they say about water?": water), as
    written (English words unstemmed; Chinese nouns only, as jieba tags them, with the adjectives and verbs it tags as
    used as nouns, `NOUN_LIKE`: 提到…应当保持什么关系 is about 关系, not 应当; 关于打击腐败 about 腐败)."""
    m = ABOUT.search(text)
    if not m:
        return ()
    phrase = next((g for g in m.groups() if g), "")[:max_tagged_chars]
    if language == "zh":  # what follows a question word is what is asked, not the subject (…的报告涵盖哪段时间)
        phrase = re.split(r"哪|什么|怎么|怎样|如何|多少|几|谁", phrase)[0]
        import jieba.posseg as pseg

        nouns = {w.word for w in pseg.cut(phrase) if w.flag.startswith("n") or w.flag in NOUN_LIKE}
        return tuple(w for w in content_words(phrase) if w in nouns)
    return tuple(dict.fromkeys(w for w in english_words(phrase)
                               if w not in EN_STOPWORDS and w not in STOPWORDS and len(w) > 1))


_JOINERS = ("vs", "versus", "v")  # "prevention funding vs peacekeeping costs" compares two subjects


def keyword_subjects(text: str, language: str) -> tuple[str, ...]:
    """The terms of a keyword query (rag.analysis.words.NOT_KEYWORDS: no sentence, no question word), each a subject
    it is about as written, like the X of "about X": "food security famine" is about food, security and famine. The
    words of a kind of answer it asks for (文件编号: a symbol; "adoption date") name what is asked, not a subject."""
    if NOT_KEYWORDS.search(text):
        return ()
    asked = " ".join(m.group(0) for frame in QUESTION_FRAMES.values() for m in frame.finditer(text))
    if language == "zh":
        return tuple(w for w in content_words(text) if w not in asked and not re.fullmatch(r"[\W\d_]+", w))
    return tuple(dict.fromkeys(w for w in english_words(text) if w not in EN_STOPWORDS and w not in STOPWORDS
                               and w not in _JOINERS and len(w) > 1 and not w.isdigit()
                               and w not in asked.lower().split()))


def presumed_words(text: str) -> tuple[str, ...]:
    """The verbs of opposing or refusing a question presumes (rag.analysis.words.OPPOSITION), as written: its first
    word in English ("voted against": voted), the verb in Chinese."""
    return tuple(dict.fromkeys(m.group(0).split()[0].lower() for m in OPPOSITION.finditer(text)))


def analyze(question: str, max_tagged_chars: int = 200) -> Query:
    """The analyse stage: what retrieval and the decision need to know about a (cleaned) question;
    `max_tagged_chars`: `RetrievalSettings.max_tagged_chars`."""
    text = normalise(question)
    language = detect_language(text)
    words = content_words(text) if language == "zh" else english_topic_words(text)
    tokens = tokenizer(language)(text)
    others = number_forms(text)
    tokens += [t for form in others for t in tokenizer(language)(form) if t not in tokens]
    return Query(
        text=text,
        language=language,
        tokens=tuple(tokens),
        words=tuple(words),
        names=tuple(dict.fromkeys(_names(text, language, max_tagged_chars))),
        numbers=tuple(dict.fromkeys(re.findall(r"\d{2,}", text))),
        expects=expected_answer(text),
        about=tuple(dict.fromkeys(about_words(text, language, max_tagged_chars) + presumed_words(text)
                                  + keyword_subjects(text, language))),
        typed=question,
    )
