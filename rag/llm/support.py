"""Citations you can trust: parse the [n] markers of a generated answer and check every sentence against its sources.

Pure functions (the only model they may use is an `embed` callable passed in):

* `split_answer` cuts a generated answer into sentences and the markers after each (`[1]`, `[1, 2]`, `[1][3]`,
  full-width `【1】`; markers written after the full stop belong to the sentence before it).
* `verify_answer` keeps markers that point to a source, then finds each sentence's supporting span in each cited
  source: the best window of one or two consecutive passage sentences, verbatim `passage.text[start:end]`.
  Support is lexical overlap (Chinese character bigrams, Latin words, numbers) or, for a sentence in another
  language than the passage (an English answer over the Chinese text), the cosine of the `embed` vectors.
  Every number the sentence states must be in its supporting span, and (given the question) most of what the
  sentence adds to the question must be in it too.
  A sentence with no valid marker, or whose cited sources do not support it, is checked against the other sources
  and re-attributed to the one that supports it best (recorded as `inferred` / `corrected`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from rag.config import Settings
from rag.analysis.text import detect_language, has_cjk, sentence_spans, squash, stem
from rag.types import Passage, Span
from rag.analysis.words import CAUSAL, CJK_CHARS, EN_STOPWORDS, NEGATION_EN, NEGATION_ZH, NO, PRIORITY, YES, YES_NO_QUESTION

Embed = Callable[[list[str]], "np.ndarray | list[list[float]]"]

_MARKER_BODY = r"\d{1,3}(?:\s*[,，、]\s*\d{1,3})*"
MARKER = re.compile(r"[\[【]\s*(?:(?:source|来源|资料)\s*)?(" + _MARKER_BODY + r")\s*[\]】]", re.IGNORECASE)
# A run of markers written after the sentence's end punctuation: move it before the punctuation.
_MARKERS_AFTER_END = re.compile(r"([。！？!?；;]+|\.(?=\s*[\[【]))(\s*(?:" + MARKER.pattern + r"\s*)+)")
_CLAUSE = re.compile(r"[，、：:；;,]")
# Clause boundaries for polarity: punctuation, and the contrast words that turn a denial into an assertion
# ("not inevitable, but rather the result of…", "并非必然，而是…").
_CLAUSE_OR_BUT = re.compile(r"[，、：:；;,。.!?！？]|\bbut\b|\bwhile\b|而是|但是|但")
NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+(?:[A-Z][a-z]+)?\b")
ROMAN = re.compile(r"\b(?=[IVX]{2,}\b|V\b|X\b)[IVX]+\b")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
# Words that carry no fact of their own: the search stop words, and words about the document itself.
_STOP = EN_STOPWORDS | {"said", "says", "document"}


@dataclass
class AnswerSentence:
    text: str  # the sentence without its markers
    markers: list[int]  # the numbers written after it, in order, duplicates removed


@dataclass
class Support:
    source: int  # 1-based number of the source in the prompt
    start: int
    end: int
    quote: str  # verbatim passage.text[start:end]
    score: float
    method: str  # "overlap" or "cosine"


@dataclass
class VerifiedSentence:
    text: str
    markers: list[int]  # as written by the model
    invalid_markers: list[int]  # written but pointing to no source
    supports: list[Support] = field(default_factory=list)  # one per source that supports the sentence
    inferred: bool = False  # no valid marker was written; the support was found by searching every source
    corrected: bool = False  # the cited sources do not support it, another source in the prompt does: cited instead

    @property
    def supported(self) -> bool:
        return bool(self.supports)


def parse_markers(body: str) -> list[int]:
    return [int(x) for x in re.split(r"\s*[,，、]\s*", body.strip()) if x]


def split_answer(text: str) -> list[AnswerSentence]:
    """Sentences of a generated answer, each with the source numbers written after it."""
    # "…themselves. [1]\nParticipants…" -> "…themselves[1]. Participants…": the space after the markers stays, so the
    # next sentence is still cut off.
    text = _MARKERS_AFTER_END.sub(
        lambda m: m.group(2).strip() + m.group(1) + (" " if m.group(2) != m.group(2).rstrip() else ""), text.strip())
    out: list[AnswerSentence] = []
    for span in sentence_spans(text):
        markers: list[int] = []
        for m in MARKER.finditer(span.text):
            for n in parse_markers(m.group(1)):
                if n not in markers:
                    markers.append(n)
        clean = MARKER.sub("", span.text)
        clean = re.sub(r"\s+([。！？!?；;.,，])", r"\1", clean)
        clean = re.sub(r"[ \t]{2,}", " ", clean).strip()
        if not clean.strip("。！？!?；;.,，、 "):
            if markers and out:  # a lone marker after the last sentence
                out[-1].markers.extend(n for n in markers if n not in out[-1].markers)
            continue
        out.append(AnswerSentence(clean, markers))
    return out


def units(text: str) -> set[str]:
    """Comparable units of a text: Chinese character bigrams (single characters for one-character runs),
    the Snowball stems of Latin words that are not stopwords, and numbers."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.add(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    for w in _WORD.findall(text):
        w = w.lower()
        if w not in _STOP and (len(w) > 2 or w.isdigit()):
            out.add(stem(w))  # "urged" and "urge" are one unit
    return out


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, thousands separators removed ("15,000" -> "15000")."""
    return set(re.findall(r"\d+", re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)))


def overlap(sentence: str, candidate: str) -> float:
    """Share of the sentence's units that the candidate contains (0 when the sentence has none)."""
    mine = units(sentence)
    if not mine:
        return 0.0
    return len(mine & units(candidate)) / len(mine)


def relations_supported(sentence: str, span: str) -> bool:
    """Every relation the sentence asserts (a cause or consequence, CAUSAL; a priority or ranking, PRIORITY) is
    asserted by the span too: otherwise the sentence links facts the source keeps apart ("各自为政带来了得不到
    发展……的后果" over a source that says fragmentation hinders efforts against root causes "such as" lack of
    development; "budgets should be prioritized over prevention budgets" over "a better balance between" them). The
    question's own wording is no excuse: "带来了什么后果？" presupposes the relation the source may not state."""
    return all(not pattern.search(sentence) or bool(pattern.search(span)) for pattern in (CAUSAL, PRIORITY))


_ACTION_EN = re.compile(r"\b[a-z]{3,}ing\b", re.IGNORECASE)  # an action a sentence adds: "encouraging", "mediating"
_ROLE_EN = re.compile(r"\b[a-z]{3,}(?:ers?|ors?|ists?)\b", re.IGNORECASE)  # a role: "mediators", "leaders"
_NOT_ACTIONS = {"being", "having", "including", "during", "according", "regarding", "concerning", "following",
                "something", "nothing", "anything", "everything", "bring", "thing", "things", "other", "others",
                "under", "after", "over", "never", "ever", "however", "whether", "either", "neither", "together",
                "rather", "further", "number", "order", "matter", "letter", "paper", "power", "border", "chapter",
                "sector", "factor", "major", "minor", "better", "greater", "wider", "broader", "earlier", "later",
                "first", "their", "theirs", "where", "there", "these"}
_ROLE_ZH = re.compile(f"[{CJK_CHARS}]{{1,4}}(?:者|员|人|家|领袖)")


def actions_and_roles_supported(sentence: str, span: str) -> bool:
    """Every action (an English -ing verb) and every role (mediators, leaders; 调解人, 领导人) the sentence names is
    named by the span too: "Women can play an important role by being mediators and encouraging religious
    leaders to do so" over a source that has women as mediators and leaders who can contribute adds an action
    (encouraging) the source does not state. Checked in the span's own language only (a cross-lingual sentence
    has no words to compare)."""
    if has_cjk(sentence) != has_cjk(span):
        return True
    if has_cjk(sentence):
        return all(role in span for role in _ROLE_ZH.findall(sentence) if role not in {"他人", "人人", "个人"})
    have = units(span)
    for word in _ACTION_EN.findall(sentence) + _ROLE_EN.findall(sentence):
        w = word.lower()
        if w not in _NOT_ACTIONS and w not in _STOP and stem(w) not in have:
            return False
    return True


def negated(text: str) -> bool:
    """Whether the text negates what it says: a negation word among its tokens (不, 没有, 并非, 未…; not, never,
    no…). Chinese is read in jieba words, so 不断 or 不仅 is no negation."""
    if has_cjk(text):
        return any(tok in NEGATION_ZH for tok in _jieba_words(text)) or bool(NEGATION_EN.search(text))
    return bool(NEGATION_EN.search(text))


def _jieba_words(text: str) -> list[str]:
    from rag.analysis.text import _jieba

    return [t for t in _jieba().cut(text) if t.strip()]


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_OR_BUT.split(text) if c.strip()]


def polarity_agrees(sentence: str, span: str) -> bool:
    """The sentence keeps the polarity of the clauses of the span that speak of the same things: "peace is
    inevitable" over "peace, likewise, is not inevitable" does not. Clauses that share no unit with the sentence
    do not count (the span may deny something else)."""
    mine = units(sentence)
    related = [c for c in _clauses(span) if units(c) & mine]
    if not related:
        return True
    return negated(sentence) == any(negated(c) for c in related)


def names_supported(sentence: str, passage: Passage, question: str) -> bool:
    """Every name (a capitalised word after the first) and Roman numeral (Chapter VI) of the sentence is in the
    passage or in the question: no invented minister, no other chapter."""
    text = passage.text + " " + question
    for name in NAME.findall(sentence):
        if name not in text:
            return False
    return all(re.search(rf"\b{numeral}\b", text) for numeral in ROMAN.findall(sentence))


def names_in_source(sentence: str, passage: Passage) -> bool:
    """Every name the sentence gives is in its source passage, in some form, whatever the question says: a place,
    a person or an organisation (jieba's ns, nrt and nt tags; a capitalised word in English) that the source does not name makes the sentence unsupported however much else it shares ("斯德哥尔摩：
    战争从来都不是不可避免的" over a source that never names Stockholm)."""
    from rag.analysis.forms import chinese_forms_present, document_words, english_forms_present

    text = passage.text
    if has_cjk(text):
        squashed = squash(text).lower()
        return all(chinese_forms_present(name, squashed) for name in chinese_names(sentence))
    words = document_words(text)
    return all(english_forms_present(name, words) for name in NAME.findall(sentence))


def chinese_names(text: str) -> list[str]:
    """The names of a Chinese text: places, transliterated persons and organisations (jieba's ns, nrt and nt tags,
    two characters or more; its nr tag is left out, as in rag.analysis.text.place_names: too many common words)."""
    import jieba.posseg as pseg

    return list(dict.fromkeys(w.word for w in pseg.cut(text) if w.flag in ("ns", "nrt", "nt") and len(w.word) >= 2))


def adds_a_fact(sentence: str, span: str, question: str) -> bool:
    """The sentence carries at least one unit of the span that the question does not: it is not a restatement of
    the question dressed up with a citation."""
    return bool((units(sentence) & units(span)) - units(question))


def yes_no_agrees(sentence: str, span: str, question: str) -> bool:
    """A yes/no answer ("Yes, …", "No, …", "是的", "不，…") to a yes/no question agrees with the source: yes when the
    source's clauses about the same things have the question's polarity, no when they have the other."""
    said_yes, said_no = bool(YES.match(sentence)), bool(NO.match(sentence))
    if not (said_yes or said_no) or not YES_NO_QUESTION.search(question):
        return True
    asked = units(question)
    related = [c for c in _clauses(span) if units(c) & asked]
    if not related:
        return True
    source_yes = negated(question) == any(negated(c) for c in related)
    return source_yes == said_yes


def _share(wanted: set[str], text: str) -> float:
    return len(wanted & units(text)) / len(wanted)


def _sentences(passage: Passage) -> list[Span]:
    """The passage's sentences: its aligned spans, else split here."""
    return passage.spans() or sentence_spans(passage.text)


def windows(passage: Passage) -> list[tuple[int, int]]:
    """Candidate support spans of a passage: each sentence, and each pair of consecutive sentences."""
    spans = _sentences(passage)
    out = [(s.start, s.end) for s in spans]
    out += [(a.start, b.end) for a, b in zip(spans, spans[1:])]
    return out or [(0, len(passage.text))]


def _normalise(vectors) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    return v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-9)


def best_support(
    sentence: str,
    passage: Passage,
    source: int,
    settings: Settings,
    *,
    embed: Embed | None = None,
    question: str = "",
) -> Support | None:
    """The passage span that best supports the sentence, or None when no span supports it well enough.

    Overlap is tried first (exact, and right for a sentence in the passage's own language); when it falls short and
    the sentence is in another language than the passage, the cosine of `embed` vectors decides among single
    sentences (`cosine_support`). Thresholds: `settings.llm.min_overlap`, `min_new`, `min_cosine`.

    A span supports the sentence only when the sentence is faithful to it:
    - every number the sentence states is in the span, and every name and Roman numeral is in the passage or the
      question (no changed figure, date, article, chapter or minister), and every name is in the passage itself
      (`names_in_source`: a name the question slipped in is not the source's);
    - it keeps the span's polarity (`polarity_agrees`), and a "yes"/"no" agrees with the source (`yes_no_agrees`);
    - every cause or priority it asserts, the span asserts (`relations_supported`), and every action or role it
      names, the span names (`actions_and_roles_supported`);
    - with the `question`: at least `min_new` of what the sentence adds to the question is in the span
      ("发展和人权与保持和平是相互促进的关系" adds 相互促进, which "发展和人权是保持和平的核心" does not say), and it
      carries some fact of the span the question did not (`adds_a_fact`): a restatement of the question is no
      answer.
    """
    numbers = numbers_in(sentence)
    cross_lingual = has_cjk(passage.text) and detect_language(sentence) == "en"
    if not cross_lingual and not (names_supported(sentence, passage, question) and names_in_source(sentence, passage)):
        return None
    spans = [(s, e) for s, e in windows(passage) if numbers <= numbers_in(passage.text[s:e])]
    if not spans:  # a number the passage does not state ("15,000 peacekeepers"): nothing supports the sentence
        return None
    texts = [passage.text[s:e] for s, e in spans]
    new = units(sentence) - units(question) if question else None

    def faithful(t: str) -> bool:
        return (relations_supported(sentence, t) and polarity_agrees(sentence, t)
                and actions_and_roles_supported(sentence, t)
                and (not question or (adds_a_fact(sentence, t, question) and yes_no_agrees(sentence, t, question))))

    scores = [
        overlap(sentence, t) if (new is None or (new and _share(new, t) >= settings.llm.min_new)) and faithful(t)
        else 0.0
        for t in texts
    ]
    # Prefer the shorter span on ties: a single sentence over a pair.
    k = max(range(len(spans)), key=lambda i: (scores[i], -(spans[i][1] - spans[i][0])))
    if scores[k] >= settings.llm.min_overlap:
        s, e = spans[k]
        return Support(source, s, e, passage.text[s:e], round(scores[k], 3), "overlap")
    if embed is None or not cross_lingual:
        return None
    return cosine_support(sentence, passage, source, settings.llm.min_cosine, embed, numbers)


def cosine_support(sentence: str, passage: Passage, source: int, min_cosine: float, embed: Embed,
                   numbers: set[str]) -> Support | None:
    """For a sentence in another language than its passage: the passage sentence whose wording, or one of whose
    clauses (a long sentence lists several facts), is closest in meaning, when it is close enough (`min_cosine`)
    and keeps the polarity. The quote is always the whole sentence the best candidate belongs to."""
    single = [sp for sp in _sentences(passage) if numbers <= numbers_in(sp.text)]
    owners, texts = [], []
    for k, sp in enumerate(single):
        owners.append(k)
        texts.append(sp.text)
        clauses = [c for c in _CLAUSE.split(sp.text) if len(c.strip()) >= 4]
        if len(clauses) > 1:
            owners += [k] * len(clauses)
            texts += clauses
    if not texts:
        return None
    vecs = _normalise(embed([sentence] + texts))
    cos = vecs[1:] @ vecs[0]
    j = int(np.argmax(cos))
    if float(cos[j]) < min_cosine or not polarity_agrees(sentence, single[owners[j]].text):
        return None
    sp = single[owners[j]]
    return Support(source, sp.start, sp.end, sp.text, round(float(cos[j]), 3), "cosine")


def verify_answer(
    text: str,
    sources: Sequence[Passage],
    settings: Settings,
    *,
    embed: Embed | None = None,
    question: str = "",
) -> list[VerifiedSentence]:
    """Every sentence of a generated answer with its valid markers, invalid markers and supporting spans
    (`question`: the question asked, so that restating it is not taken for an answer; see `best_support`)."""
    out = []
    for sent in split_answer(text):
        valid = [n for n in sent.markers if 1 <= n <= len(sources)]
        invalid = [n for n in sent.markers if n not in valid]
        v = VerifiedSentence(sent.text, sent.markers, invalid)

        def check(numbers: list[int]) -> list[Support]:
            found = (best_support(sent.text, sources[n - 1], n, settings, embed=embed, question=question)
                     for n in numbers)
            return [s for s in found if s]

        v.supports = check(valid)
        if not v.supports:
            # No marker, or markers that point to sources which do not say it: the sentence is kept only when
            # another source in the prompt supports it, and is then cited to that source (its single best).
            others = check([n for n in range(1, len(sources) + 1) if n not in valid])
            if others:
                v.supports = [max(others, key=lambda s: s.score)]
                v.inferred = not valid
                v.corrected = bool(valid)
        out.append(v)
    return out
