"""Question analysis: the language a question is asked in, its search tokens, its topic words, and the names and
numbers it depends on. Pure text work, no models: retrieval (rag/retrieval/retriever.py) scores with what this returns.
"""
from __future__ import annotations

import re

from rag.analysis.text import content_words, detect_language, english_words, expected_answer, place_names, stem, tokenizer
from rag.types import Query
from rag.analysis.words import EN_STOPWORDS, STOPWORDS

# A capitalised word that does not open a sentence: a name ("Russian", "Gambia").
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b")


def english_topic_words(text: str) -> list[str]:
    """The stems of an English text's topic words, in order, once each: no stop words, no question words."""
    return list(dict.fromkeys(stem(w) for w in english_words(text)
                              if w not in EN_STOPWORDS and w not in STOPWORDS and len(w) > 1))


def _names(text: str, language: str, max_tagged_chars: int) -> list[str]:
    if language == "zh":  # jieba's tagger costs time linear in the text: only the start is tagged
        return place_names(text[:max_tagged_chars])
    return [w for w in _CAPITALISED.findall(text.strip())]


def analyze(question: str, max_tagged_chars: int = 200) -> Query:
    """The analyse stage: what retrieval and the decision need to know about a (cleaned) question;
    `max_tagged_chars`: `RetrievalSettings.max_tagged_chars`."""
    language = detect_language(question)
    words = content_words(question) if language == "zh" else english_topic_words(question)
    return Query(
        text=question,
        language=language,
        tokens=tuple(tokenizer(language)(question)),
        words=tuple(words),
        names=tuple(dict.fromkeys(_names(question, language, max_tagged_chars))),
        numbers=tuple(dict.fromkeys(re.findall(r"\d{2,}", question))),
        expects=expected_answer(question),
    )
