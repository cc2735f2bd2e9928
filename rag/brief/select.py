"""Which sentences a briefing note quotes (`select_points`).

A note lists every place the document treats the topic, grouped by section in document order; each point is a
source sentence in the topic's language (the version of the document in that language, when there is one), with
the original's sentence as its verbatim quote and its citation label. Coverage matters more than brevity, but
paragraphs that merely share a common word with the topic must not pad the note.

How sentences are selected, measured on tests/rag/brief/topics.jsonl (rag/brief/evaluate.py). Everything
lexical is done in the topic's own language version: a Chinese topic's words against the Chinese text, an English
topic's words (Snowball stems) against the English version.

1. Topic words. A Chinese topic's content words as written (jieba precise mode; adjacent words the document uses
   together are one word, 区域 + 组织 -> 区域组织, and a compound also matches when its parts meet); an English
   topic's content words as stems ("funding" -> fund). A word is *present* when the version holds it.
2. Is the topic addressed? Not when the topic names something the document never mentions (the retriever's
   unknown names), nor when a content word is absent ("网络安全", "核武器", "nuclear weapons", "cyber security",
   "football"). A topic of `long_topic_words` (4) or more words may miss one. The answerability decision (rag/answers/decide.py) is asked
   only where no word of the topic is present: it is calibrated on questions, and single-word topics have low
   sentence similarity even when the document discusses them.
3. Lexical gate. A word found in at most `specific_share` (half) of the paragraphs is *specific* ("调解": 3 of 31; "预防": most).
   When the topic has specific words, a sentence is a candidate only if it contains one of them; otherwise any
   topic word will do. This keeps "prevention" (the document's theme) from pulling in every paragraph when the
   topic is "funding for prevention", and keeps unrelated paragraphs out of one-word topics.
4. Relevance threshold relative to the best hit. A candidate must also score at least
   median + min_lift · (best - median) over the retriever's fused sentence scores, which already weigh the topic's
   terms (BM25) and meaning (e5 + USE); a sentence holding two of the topic's words together (秘书长 + 安全理事会 for
   "秘书长与安全理事会的关系") joins at together_lift even when both words are common.
5. Diversity across sections. A section whose title carries the topic (e.g. "安全理事会的作用" / "The role of the
   Security Council", §3.3 and §4.2) is about it as a whole: the best sentence of each of its paragraphs joins
   the note even when its words differ. At most max_per_paragraph sentences are quoted from one paragraph.

The thresholds are `BriefingSettings` (rag/config.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from rag.answers.context import with_context

from rag.analysis.query import english_topic_words, keyword_subjects
from rag.analysis.text import content_words, squash, tokenize_en
from rag.config import BriefingSettings
from rag.types import Document, Retrieval, SentenceHit

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline


class _Words:
    """How a version's texts are compared with topic words: Chinese as whitespace-free substrings (a compound
    "a+b" needs all its parts), English as sets of stems."""

    def __init__(self, language: str):
        self.language = language

    def key(self, text: str):
        return squash(text).lower() if self.language == "zh" else frozenset(tokenize_en(text))

    def contains(self, key, terms) -> bool:
        if self.language == "zh":
            return any(all(part and squash(part).lower() in key for part in t.split("+")) for t in terms if t)
        return any(t in key for t in terms)


def _topic_groups(topic: str, language: str, document_key) -> list[tuple[str, tuple[str, ...]]]:
    """(word, the terms that stand for it) for each content word of the topic."""
    if language != "zh":
        return [(w, (w,)) for w in english_topic_words(topic)]
    words: list[str] = []
    for w in content_words(topic):  # adjacent words the document uses together are one: 区域, 组织 -> 区域组织
        if words and not w.isascii() and not words[-1].isascii() and squash(words[-1] + w).lower() in document_key:
            words[-1] += w
        else:
            words.append(w)
    groups = []
    for w in words:
        parts = content_words(w) if not w.isascii() else []
        groups.append((w, (w, "+".join(parts)) if len(parts) >= 2 else (w,)))
    return groups


class Topic(NamedTuple):
    """The topic's words as one version of the document holds them."""

    words: "_Words"
    passages: list
    para_keys: dict
    groups: list[tuple[str, tuple[str, ...]]]
    present: list[bool]

    @property
    def uncovered(self) -> list[str]:
        return [w for (w, _), ok in zip(self.groups, self.present) if not ok]

    @property
    def live(self) -> list[tuple[str, tuple[str, ...]]]:
        return [g for g, ok in zip(self.groups, self.present) if ok]


def topic_in(versions: list[Document], language: str, topic: str) -> Topic:
    """1. The topic's words, and which of them the documents' versions (in the topic's language, where they have
    one) hold."""
    words = _Words(language)
    passages = [p for v in versions for p in v.passages()]
    para_keys = {p.id: words.key(" ".join(p.section_path) + " " + p.text) for p in passages}
    document_key = squash("".join(p.text for p in passages)).lower()
    groups = _topic_groups(topic, language, document_key)
    present = [any(words.contains(k, terms) for k in para_keys.values()) for _, terms in groups]
    return Topic(words, passages, para_keys, groups, present)


def not_addressed(pipeline: "RagPipeline", t: Topic, retrieval: Retrieval) -> str:
    """2. Why the document does not address the topic, or "" when it may."""
    uncovered = t.uncovered
    # a topic's own words, which retrieval treats as a keyword query's subjects, are weighed here by their groups
    own = set(keyword_subjects(retrieval.query.text, retrieval.query.language))
    unknown = [n for n in retrieval.unknown_names if n not in own]
    if unknown:
        return f"the document never mentions: {', '.join(unknown)}"
    if uncovered and (len(t.groups) < pipeline.settings.briefing.long_topic_words or len(uncovered) > 1):
        return f"no counterpart in the document for: {', '.join(uncovered)}"
    if not t.live:  # no word of the topic is present: the answerability decision is asked
        refusal = pipeline.decide(retrieval).refusal
        if refusal:
            return refusal.message
    return ""


def title_sections(t: Topic) -> set[str]:
    """5. Sections whose title carries the topic: every topic word present in the title."""
    out = set()
    if t.live:
        for p in t.passages:
            title = t.words.key(p.section_path[-1]) if p.section_path else None
            if title and all(t.words.contains(title, terms) for _, terms in t.live):
                out.add(p.section)
    return out


def gate_terms(t: Topic, settings: BriefingSettings, diag: dict) -> list[str]:
    """3. The terms a candidate must contain: the specific words' when there are any, else any topic word's."""
    live = t.live
    df = [sum(1 for k in t.para_keys.values() if t.words.contains(k, terms)) for _, terms in live]
    specific = [g for g, d in zip(live, df) if d <= settings.specific_share * len(t.passages)]
    diag.update(df=dict(zip([w for w, _ in live], df)), specific=[w for w, _ in specific])
    return [term for _, terms in (specific or live) for term in terms]


def select_points(pipeline: "RagPipeline", topic: str, retrieval: Retrieval) -> tuple[list[SentenceHit], str, dict]:
    """The sentences a note on `topic` quotes (empty with a reason when the document does not address it)."""
    settings = pipeline.settings.briefing
    library = pipeline.library
    searched = [library[d] for d in retrieval.documents if d in library] or list(library.values())
    versions = [v.version(retrieval.language) or v.original for v in searched]
    language = versions[0].language if len(versions) == 1 else retrieval.language
    t = topic_in(versions, language, topic)
    diag = {"groups": [[w, list(x)] for w, x in t.groups], "uncovered": t.uncovered, "version": language}
    reason = not_addressed(pipeline, t, retrieval)
    if reason:
        return [], reason, diag
    live, gate = t.live, gate_terms(t, settings, diag)
    scores = np.asarray([s.score for s in retrieval.sentences])
    median, best = float(np.median(scores)), float(scores.max())
    floor = median + settings.min_lift * (best - median)
    mid = median + settings.together_lift * (best - median)
    titled = title_sections(t)
    diag["title_sections"] = sorted(titled)

    chosen: dict[tuple[str, int], SentenceHit] = {}
    per_paragraph: dict[str, int] = {}
    best_of_paragraph: dict[str, SentenceHit] = {}
    for s in retrieval.sentences:  # best first
        pid = s.passage.id
        best_of_paragraph.setdefault(pid, s)
        shown = s.version(language)
        key = t.words.key(shown.span.text if shown else s.text)
        lexical = t.words.contains(key, gate) if gate else False
        together = (len(live) >= settings.together_words
                    and sum(t.words.contains(key, terms) for _, terms in live) >= settings.together_words)
        if (((lexical and s.score >= floor) or (together and s.score >= mid))
                and per_paragraph.get(pid, 0) < settings.max_per_paragraph):
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = per_paragraph.get(pid, 0) + 1
    for pid, s in best_of_paragraph.items():
        if s.passage.section in titled and pid not in per_paragraph:
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = 1
    diag.update(floor=round(floor, 3), best=round(best, 3))
    if not chosen:
        return [], "no sentence clears the relevance threshold", diag
    # a point that points back ("They also…", "这包括…") brings the sentence it leans on (rag/answers/context.py)
    return with_context(list(chosen.values()), retrieval.sentences, settings.context_sentences, 0), "", diag
