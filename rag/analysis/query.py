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
# Chinese text tagged for names: jieba's tagger costs time linear in the text, so only the start is tagged.
MAX_TAGGED_CHARS = 200


def english_topic_words(text: str) -> list[str]:
    """The stems of an English text's topic words, in order, once each: no stop words, no question words."""
    return list(dict.fromkeys(stem(w) for w in english_words(text)
                              if w not in EN_STOPWORDS and w not in STOPWORDS and len(w) > 1))


def _names(text: str, language: str) -> list[str]:
    if language == "zh":
        return place_names(text[:MAX_TAGGED_CHARS])
    return [w for w in _CAPITALISED.findall(text.strip())]


def analyze(question: str) -> Query:
    """What retrieval and the refusal decision need to know about a (cleaned) question."""
    language = detect_language(question)
    words = content_words(question) if language == "zh" else english_topic_words(question)
    return Query(
        text=question,
        language=language,
        tokens=tuple(tokenizer(language)(question)),
        words=tuple(words),
        names=tuple(dict.fromkeys(_names(question, language))),
        numbers=tuple(dict.fromkeys(re.findall(r"\d{2,}", question))),
        expects=expected_answer(question),
    )
