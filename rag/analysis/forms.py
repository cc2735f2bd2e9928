"""Other forms of a word: before a refusal names a word as absent, its other forms are looked for in every version
of the document (Swedish / Sweden, African / Africa, 瑞典的 / 瑞典, 第99条 / 第九十九条).

Written by hand, because a stemmer does not relate a country to its adjective (Snowball leaves "swedish" and
"sweden" apart): an English name counts as present when a name of the document (a capitalised word) shares a head with it of at least
four letters that leaves at most three of the shorter word (Norwegian / Norway); a Chinese name when it is there without a trailing
particle or suffix (的, 人, 方, 籍, 国), or, when the tagger made it of common words (加大力度), those words
close together; a number when it is there in Arabic or in Chinese numerals; a reference to
a chapter or an article (第七章, Chapter VII, Article 51, 第五十一条) when any of its spellings is there; a word of
the subject a question says it is about ("about migration", 提到难民) when its stem, or a stem sharing its head as
names do (driving / driven), is there (Chinese: the word).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import NamedTuple, Sequence

from rag.analysis.normalise import from_chinese_numeral, number_forms, to_chinese_numeral
from rag.analysis.text import sentence_spans, squash, stem, tokenize_en
from rag.analysis.words import MONTHS, NAME_RUN, OFFICE_NAMES
from rag.types import DocumentVersions, Query

_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]+")
_PROPER_WORD = re.compile(r"\b[A-ZÀ-Þ][a-zß-ÿ]+")
_ZH_SUFFIX = re.compile(r"(?:的|人|方|籍|国|族)$")
MIN_HEAD = 4  # the shortest head two forms of an English name must share
MAX_TAIL = 3  # letters a form may differ by at its end


def document_words(text: str) -> frozenset[str]:
    """The capitalised Latin-script words of a text (its names), lower-cased: a name's other form is a name too
    (Sweden for Swedish), never a common word that shares its head (frank for France)."""
    return frozenset(w.lower() for w in _PROPER_WORD.findall(text))


def english_forms_present(name: str, words: frozenset[str]) -> bool:
    """Whether one of the document's names (`document_words`) is a form of the English `name` (Swedish ~ Sweden;
    Africa ~ African; Norwegian ~ Norway): the two share a head of at least `MIN_HEAD` letters that leaves at most
    `MAX_TAIL` letters of the shorter one."""
    word = name.lower()
    if word in words:
        return True
    return any(_shared_head(word, w) >= max(MIN_HEAD, min(len(word), len(w)) - MAX_TAIL) for w in words)


def _shared_head(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def chinese_forms_present(name: str, squashed: str) -> bool:
    """Whether the Chinese `name` is in the (squashed, lower-cased) document text, with or without its suffix, as
    the common words the tagger made it of, close together (`_parts_together`), or written out in full when it is
    an abbreviation (`abbreviated_in`)."""
    key = squash(name).lower()
    bare = _ZH_SUFFIX.sub("", key)
    return (key in squashed or (len(bare) >= 2 and bare in squashed) or _parts_together(key, squashed)
            or abbreviated_in(key, squashed))


def abbreviated_in(key: str, squashed: str) -> bool:
    """Whether a Chinese word of two to four characters is there written out, as a Chinese abbreviation shortens a
    name: the first character of each of its two-character words (维和 / 维持和平, 安理会 / 安全理事会)."""
    if not 2 <= len(key) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in key):
        return False
    return re.search("".join(re.escape(c) + "." for c in key[:-1]) + re.escape(key[-1]), squashed) is not None


PARTS_WINDOW = 12  # characters within which a name's parts count as written together


@lru_cache(maxsize=4096)
def common_word_parts(key: str) -> tuple[str, ...]:
    """The common words of two characters or more that tile a (squashed) Chinese "name" left to right, each the
    longest piece there; () when it is one word (斯德哥尔摩), cannot be tiled, or holds a name (非洲联盟: 非洲). Cached:
    a question's names are looked for in every document searched."""
    import jieba
    import jieba.posseg as pseg

    pieces = {w for w in jieba.cut_for_search(key) if len(w) >= 2 and w != key}
    parts, at = [], 0
    while at < len(key):
        piece = max((w for w in pieces if key.startswith(w, at)), key=len, default=None)
        if piece is None:
            return ()
        parts.append(piece)
        at += len(piece)
    tags = [next(iter(pseg.cut(w, HMM=False))).flag for w in parts]
    if len(parts) < 2 or any(t.startswith(("ns", "nr", "nt", "nz")) for t in tags):  # names inside: a real name
        return ()
    return tuple(parts)


def _parts_together(key: str, squashed: str) -> bool:
    """Whether a "name" that jieba's dictionary makes of two or more common words (`common_word_parts`: 加大力度 is a
    place there; the document writes 加大外交力度) has all of them within `PARTS_WINDOW` characters of the first."""
    parts = common_word_parts(key)
    if not parts:
        return False
    start = squashed.find(parts[0])
    while start >= 0:
        window = squashed[max(0, start - PARTS_WINDOW):start + PARTS_WINDOW + len(parts[0])]
        if all(w in window for w in parts[1:]):
            return True
        start = squashed.find(parts[0], start + 1)
    return False


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_REFERENCE_ZH = re.compile(r"第\s*([\d零一二两三四五六七八九十百千]+)\s*(章|条)")
_REFERENCE_EN = re.compile(r"\b(Chapter|Article)s?\s+([IVXLC]+|\d+)\b")


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                           (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def references(text: str) -> list[tuple[str, str, int]]:
    """The chapters and articles a text refers to: (as written, "chapter" or "article", number)."""
    out = []
    for m in _REFERENCE_ZH.finditer(text):
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else from_chinese_numeral(raw)
        if n:
            out.append((m.group(0), "chapter" if m.group(2) == "章" else "article", n))
    for m in _REFERENCE_EN.finditer(text):
        raw = m.group(2)
        n = int(raw) if raw.isdigit() else _roman(raw)
        out.append((m.group(0), m.group(1).lower(), n))
    return out


def reference_forms(kind: str, n: int) -> list[str]:
    """Every spelling of a chapter or article reference, squashed and lower-cased."""
    zh = "章" if kind == "chapter" else "条"
    forms = [f"第{n}{zh}", f"第{to_chinese_numeral(n)}{zh}", f"{kind}{n}"]
    return forms + ([f"{kind}{_to_roman(n).lower()}"] if kind == "chapter" else [])


_DIGIT = "0-9０-９"
_NUMERAL = "零〇一二三四五六七八九十百千万亿两"


def number_present(number: str, squashed: str) -> bool:
    """Whether the number is in the (squashed) text, in Arabic or in Chinese numerals, as a number of its own: 20 is
    not in 2017, 二十 not in 二十一."""
    return any(re.search(rf"(?<![{_DIGIT}]){re.escape(form)}(?![{_DIGIT}])" if form[:1].isdigit()
                         else rf"(?<![{_NUMERAL}]){re.escape(form)}(?![{_NUMERAL}])", squashed)
               for form in [number, *number_forms(number)])


def absent_names(query: Query, squashed: str, words: frozenset[str], stems: frozenset[str] = frozenset(),
                 initials: frozenset[str] = frozenset(),
                 sentence_names: tuple[frozenset[str], ...] = ()) -> list[str]:
    """The question's names and numbers that no version mentions in any form, and the words of the subject it says
    it is about (`Query.about`) that no version holds (a word in capitals is there as the initials of a name:
    the UN / the United Nations); `squashed`: every version's text without whitespace, lower-cased; `words`: their
    names (`document_words`); `stems`: the English version's word stems; `initials`: `name_initials`;
    `sentence_names`: the names of each sentence (`english_run_present`)."""
    unknown = [n for n in query.numbers if not number_present(n, squashed)]
    for written, kind, n in references(query.text):
        if not any(form in squashed for form in reference_forms(kind, n)):
            unknown.append(written)
    for name in query.names:
        if " " in name:
            present = english_run_present(name, squashed, sentence_names)
        elif _LATIN_WORD.fullmatch(name):
            present = english_forms_present(name, words)
        else:
            present = chinese_forms_present(name, squashed)
        if not present:
            unknown.append(name)
    capitals = set(_CAPITALS.findall(query.text))
    unknown += [w for w in query.about if not _word_present(w, query.language, squashed, stems)
                and not (w.upper() in capitals and w.upper() in initials)]
    return list(dict.fromkeys(unknown))


def english_run_present(run: str, squashed: str, sentence_names: Sequence[frozenset[str]]) -> bool:
    """Whether a name of several capitalised words is there: as written (whitespace ignored), or with each of its
    capitalised words, in one of its forms, capitalised in one sentence (the Swedish Foreign Minister / the Minister
    for Foreign Affairs of Sweden). Its words apart do not make it ("President" and "General Assembly" in two
    sentences are no President of the General Assembly; "human rights" and "Council" no Human Rights Council)."""
    if squash(run).lower() in squashed:
        return True
    parts = [p.lower() for w in run.split() if w[:1].isupper() for p in w.split("-")]
    return any(all(english_forms_present(p, names) for p in parts) for names in sentence_names)


def _word_present(word: str, language: str, squashed: str, stems: frozenset[str]) -> bool:
    if language == "zh":
        return chinese_forms_present(word, squashed)
    key = stem(word)
    return key in stems or any(_shared_head(key, w) >= max(MIN_HEAD, min(len(key), len(w)) - MAX_TAIL) for w in stems)


_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")


def name_initials(text: str) -> frozenset[str]:
    """The initials of every run of two or more capitalised words of a text (each part of a hyphenated word counts;
    of, the, and, for are skipped): UN for United Nations, SG for Secretary-General, UNSG for both."""
    out = set()
    for run in NAME_RUN.findall(text):
        letters = [w[0] for w in re.findall(r"[A-Z][a-z]+", run)]
        out.update("".join(letters[i:j]) for i in range(len(letters)) for j in range(i + 2, min(len(letters), i + 6) + 1))
    return frozenset(out)


class DocumentForms(NamedTuple):
    """What a document offers to the search for a word's forms (every version, titles included)."""

    squashed: str  # the text without whitespace, lower-cased
    words: frozenset[str]  # its names (`document_words`)
    stems: frozenset[str]  # its English word stems
    initials: frozenset[str] = frozenset()  # the initials of its names (`name_initials`)
    sentence_names: tuple[frozenset[str], ...] = ()  # the names of each sentence (`english_run_present`)


def document_forms(versions: DocumentVersions) -> DocumentForms:
    """What a document offers to the search for forms: its text, titles and signature in every version, and what
    names it (its symbol, meeting, agenda and date as each language writes it: "the 9412th meeting", "the October
    2025 resolution" and S/2025/402 are there in the document they name)."""
    parts = []
    for doc in (versions.original, *versions.translations):
        parts += [doc.title, doc.annex_title, doc.annex_subtitle, *doc.signature]
        parts += [f"{name} |" for name in (doc.id, doc.meeting, *doc.agenda, *written_dates(doc.date)) if name]
        parts += [" ".join(p.section_path) + " " + p.text for p in doc.passages()]
    return text_forms(parts)


def written_dates(iso: str) -> tuple[str, ...]:
    """An ISO date ("2025-10-24") as English and Chinese texts write it: "24 October 2025", "2025年10月24日"."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m:
        return ()
    year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return ()
    return f"{day} {MONTHS[month - 1]} {year}", f"{year}年{month}月{day}日"


def text_forms(parts: Sequence[str]) -> DocumentForms:
    """What the texts `parts` (a document's, or the paragraphs an answer quotes) offer to the search for forms."""
    text = " ".join(parts)
    sentences = tuple(dict.fromkeys(names for part in parts for span in sentence_spans(part)
                                    if len(names := document_words(span.text)) > 1))
    return DocumentForms(squash(text).lower(), document_words(text), frozenset(tokenize_en(text)), name_initials(text),
                         sentences)


def absent_in_each(query: Query, documents: Sequence[DocumentForms]) -> list[list[str]]:
    """For each document, what the question depends on that it does not hold in any form (`absent_names`)."""
    return [absent_names(query, d.squashed, d.words, d.stems, d.initials, d.sentence_names) for d in documents]


def absent_everywhere(query: Query, documents: Sequence[DocumentForms],
                      absent: Sequence[list[str]] | None = None) -> list[str]:
    """What the question depends on that none of the documents holds in any form (`absent` of each, when known)."""
    absent = absent_in_each(query, documents) if absent is None else absent
    if not absent:
        return []
    return [name for name in absent[0] if all(name in other for other in absent[1:])]


def _office_groups() -> tuple[tuple[str, ...], ...]:
    """The offices of rag.analysis.words.OFFICE_NAMES as groups of the spellings that name one office, in either
    language (President / Chair / Chairperson / 主席 / 总统 join through 主席)."""
    groups: list[set[str]] = []
    for en, zh in OFFICE_NAMES:
        joined = [g for g in groups if en in g or zh in g]
        merged = {en, zh}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return tuple(tuple(sorted(g)) for g in groups)


OFFICES = _office_groups()


def offices_named(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The offices a question names (the Secretary-General, 秘书长, the President), each as (how the question writes
    it, the squashed lower-case spellings of that office in either language) — to be looked for in the paragraphs
    an answer quotes: "Why did the Secretary-General call for X?" is not answered by participants calling for X in a
    paragraph that names no Secretary-General."""
    found = []
    for group in OFFICES:
        for spelling in group:
            m = re.search(r"\b" + re.escape(spelling).replace(r"\-", r"[-\s]?") + r"\b", text, re.IGNORECASE) \
                if spelling.isascii() else (re.search(re.escape(spelling), text))
            if m:
                found.append((m.group(0), tuple(dict.fromkeys(f for s in group for f in (squash(s).lower(),
                                                                      squash(s).lower().replace("-", ""))))))
                break
    return found
