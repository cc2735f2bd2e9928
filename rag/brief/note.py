"""Briefing lookups: a topic in, a cited briefing note out (`python -m rag brief "调解"`).

A note lists every place the document treats the topic, grouped by section in document order; each point is a
source sentence in the topic's language (the version of the document in that language, when there is one), with
the original's sentence as its verbatim quote and its citation label. Coverage matters more than brevity, but
paragraphs that merely share a common word with the topic must not pad the note.

How sentences are selected (`select_points`), measured on tests/rag/brief/topics.jsonl (`evaluate_topics`). Everything
lexical is done in the topic's own language version: a Chinese topic's words against the Chinese text, an English
topic's words (Snowball stems) against the English version.

1. Topic words. A Chinese topic's content words as written (jieba precise mode; adjacent words the document uses
   together are one word, 区域 + 组织 -> 区域组织, and a compound also matches when its parts meet); an English
   topic's content words as stems ("funding" -> fund). A word is *present* when the version holds it.
2. Is the topic addressed? Not when the topic names something the document never mentions (the retriever's
   unknown names), nor when a content word is absent ("网络安全", "核武器", "nuclear weapons", "cyber security",
   "football"). A topic of four or more words may miss one. The answerability decision (rag/answers/decide.py) is asked
   only where no word of the topic is present: it is calibrated on questions, and single-word topics have low
   sentence similarity even when the document discusses them.
3. Lexical gate. A word found in at most half of the paragraphs is *specific* ("调解": 3 of 31; "预防": most).
   When the topic has specific words, a sentence is a candidate only if it contains one of them; otherwise any
   topic word will do. This keeps "prevention" (the document's theme) from pulling in every paragraph when the
   topic is "funding for prevention", and keeps unrelated paragraphs out of one-word topics.
4. Relevance threshold relative to the best hit. A candidate must also score at least
   median + MIN_LIFT · (best - median) over the retriever's fused sentence scores, which already weigh the topic's
   terms (BM25) and meaning (e5 + USE); a sentence holding two of the topic's words together (秘书长 + 安全理事会 for
   "秘书长与安全理事会的关系") joins at TOGETHER_LIFT even when both words are common.
5. Diversity across sections. A section whose title carries the topic (e.g. "安全理事会的作用" / "The role of the
   Security Council", §3.3 and §4.2) is about it as a whole: the best sentence of each of its paragraphs joins
   the note even when its words differ. At most MAX_PER_PARAGRAPH sentences are quoted from one paragraph.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from rag.answers.quoted import as_answer_sentence, select_sentences
from rag.answers.decide import decide
from rag.analysis.query import english_topic_words
from rag.analysis.text import content_words, squash, tokenize_en
from rag.types import QuoteTranslation, Retrieval, SentenceHit, cite_sentence

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

SPECIFIC_SHARE = 0.5  # a topic word in at most this share of the paragraphs is specific to the topic
MIN_LIFT = 0.15  # candidates: score >= median + MIN_LIFT * (best - median)
TOGETHER_LIFT = 0.5  # a sentence with two of the topic's words together (even common ones) at this lift joins
MAX_PER_PARAGRAPH = 2
MAX_TOPIC_CHARS = 200

NOT_ADDRESSED = {
    "zh": "文件没有论及这一主题。",
    "en": "The document does not address this topic.",
}


class TopicError(ValueError):
    """The topic cannot be looked up as given (empty or too long)."""


@dataclass(frozen=True)
class BriefingPoint:
    text: str  # the point as shown: the sentence in the topic's language
    quote: str  # verbatim substring of the original passage's text
    passage_id: str
    label: str
    paragraph: int
    start: int  # offset of the quote in the passage text
    score: float
    translation: QuoteTranslation | None = None  # the sentence in the topic's language, when it is a translation

    def to_dict(self) -> dict:
        out = {"text": self.text, "quote": self.quote, "passage_id": self.passage_id, "label": self.label}
        if self.translation is not None:
            out["translation"] = self.translation.to_dict()
        return out


@dataclass(frozen=True)
class BriefingSection:
    section: str  # "4.2"
    title: str  # "政策建议 › 安全理事会的作用"
    points: tuple[BriefingPoint, ...]

    def to_dict(self) -> dict:
        return {"section": self.section, "title": self.title, "points": [p.to_dict() for p in self.points]}


@dataclass(frozen=True)
class BriefingNote:
    topic: str
    language: str
    document: dict  # {"id", "title", "date"}
    sections: tuple[BriefingSection, ...] = ()
    status: str = "ok"  # "ok" or "not_addressed"
    message: str = ""  # for "not_addressed": the document does not address this
    version_note: str = ""  # the points are a translation: what its provenance is ("unofficial English translation…")
    reason: str = ""  # why not (for logs and the JSON; not shown in the note)
    diagnostics: dict = field(default_factory=dict, compare=False)

    @property
    def addressed(self) -> bool:
        return self.status == "ok"

    @property
    def points(self) -> list[BriefingPoint]:
        return [p for s in self.sections for p in s.points]

    @property
    def passage_ids(self) -> list[str]:
        return list(dict.fromkeys(p.passage_id for p in self.points))


# -- matching topic words in one language version -------------------------------------------------------
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


# -- selection ------------------------------------------------------------------------------------------
def select_points(pipeline: "RagPipeline", topic: str, retrieval: Retrieval) -> tuple[list[SentenceHit], str, dict]:
    """The sentences a note on `topic` quotes (empty with a reason when the document does not address it)."""
    language = retrieval.language
    version = pipeline.versions.version(language) or pipeline.versions.original
    words = _Words(version.language)
    passages = version.passages()
    para_keys = {p.id: words.key(" ".join(p.section_path) + " " + p.text) for p in passages}
    document_key = squash("".join(p.text for p in passages)).lower()
    groups = _topic_groups(topic, version.language, document_key)
    present = [any(words.contains(k, terms) for k in para_keys.values()) for _, terms in groups]
    uncovered = [w for (w, _), ok in zip(groups, present) if not ok]
    diag = {"groups": [[w, list(t)] for w, t in groups], "uncovered": uncovered, "version": version.language}

    if retrieval.unknown_names:
        return [], f"the document never mentions: {', '.join(retrieval.unknown_names)}", diag
    if uncovered and (len(groups) < 4 or len(uncovered) > 1):
        return [], f"no counterpart in the document for: {', '.join(uncovered)}", diag
    live = [g for g, ok in zip(groups, present) if ok]
    if not live:
        refusal = decide(retrieval, select_sentences(retrieval, pipeline.settings), pipeline.settings.answerability)
        if refusal:
            return [], refusal.message, diag

    # 3. specific words: found in at most SPECIFIC_SHARE of the paragraphs
    df = [sum(1 for k in para_keys.values() if words.contains(k, terms)) for _, terms in live]
    specific = [g for g, d in zip(live, df) if d <= SPECIFIC_SHARE * len(passages)]
    gate_terms = [t for _, terms in (specific or live) for t in terms]
    diag.update(df=dict(zip([w for w, _ in live], df)), specific=[w for w, _ in specific])

    scores = np.asarray([s.score for s in retrieval.sentences])
    median, best = float(np.median(scores)), float(scores.max())
    floor = median + MIN_LIFT * (best - median)
    mid = median + TOGETHER_LIFT * (best - median)

    # 5. sections whose title carries the topic: every topic word present in the title
    title_sections = set()
    if live:
        for p in passages:
            title = words.key(p.section_path[-1]) if p.section_path else None
            if title and all(words.contains(title, terms) for _, terms in live):
                title_sections.add(p.section)
    diag["title_sections"] = sorted(title_sections)

    chosen: dict[tuple[str, int], SentenceHit] = {}
    per_paragraph: dict[str, int] = {}
    best_of_paragraph: dict[str, SentenceHit] = {}
    for s in retrieval.sentences:  # best first
        pid = s.passage.id
        best_of_paragraph.setdefault(pid, s)
        shown = s.version(version.language)
        key = words.key(shown.span.text if shown else s.text)
        lexical = words.contains(key, gate_terms) if gate_terms else False
        together = len(live) >= 2 and sum(words.contains(key, terms) for _, terms in live) >= 2
        if ((lexical and s.score >= floor) or (together and s.score >= mid)) and per_paragraph.get(pid, 0) < MAX_PER_PARAGRAPH:
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = per_paragraph.get(pid, 0) + 1
    for pid, s in best_of_paragraph.items():
        if s.passage.section in title_sections and pid not in per_paragraph:
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = 1
    diag.update(floor=round(floor, 3), best=round(best, 3))
    if not chosen:
        return [], "no sentence clears the relevance threshold", diag
    return list(chosen.values()), "", diag


def _section_order(pipeline: "RagPipeline") -> dict[str, int]:
    return {s.number: i for i, s in enumerate(pipeline.document.walk())}


def brief(pipeline: "RagPipeline", topic: str) -> BriefingNote:
    """A briefing note on `topic`: every relevant source sentence, grouped by section in document order."""
    from rag.pipeline import QuestionError, clean_question

    try:
        text = clean_question(topic, MAX_TOPIC_CHARS)
    except QuestionError as e:
        raise TopicError(str(e).replace("question", "topic")) from e
    retrieval = pipeline.retriever.retrieve(text)
    doc = pipeline.versions.version(retrieval.language) or pipeline.document
    document = {"id": doc.id, "title": doc.title, "date": doc.date}
    sentences, reason, diag = select_points(pipeline, text, retrieval)
    if not sentences:
        return BriefingNote(topic=text, language=retrieval.language, document=document, status="not_addressed",
                            message=NOT_ADDRESSED[retrieval.language], reason=reason, diagnostics=diag)
    order = _section_order(pipeline)
    by_section: dict[str, list[SentenceHit]] = {}
    for s in sentences:
        by_section.setdefault(s.passage.section, []).append(s)
    titles = {p.id: p.section_path for p in pipeline.versions.passages(retrieval.language)}
    sections = []
    for number in sorted(by_section, key=lambda n: order.get(n, 1_000)):
        hits = sorted(by_section[number], key=lambda s: (s.passage.paragraph, s.start))
        points = tuple(_point(s, retrieval.language) for s in hits)
        path = titles.get(hits[0].passage.id, hits[0].passage.section_path)
        sections.append(BriefingSection(section=number, title=" › ".join(path), points=points))
    return BriefingNote(topic=text, language=retrieval.language, document=document, sections=tuple(sections),
                        version_note=doc.note if doc.language != pipeline.document.language else "", diagnostics=diag)


def _point(s: SentenceHit, language: str) -> BriefingPoint:
    citation = cite_sentence(1, s, language)
    text = as_answer_sentence(citation.translation.quote) if citation.translation else s.text
    return BriefingPoint(text=text, quote=s.text, passage_id=s.passage.id, label=s.passage.label,
                         paragraph=s.passage.paragraph, start=s.start, score=round(float(s.score), 4),
                         translation=citation.translation)


# -- output ---------------------------------------------------------------------------------------------
def to_dict(note: BriefingNote) -> dict:
    out = {
        "topic": note.topic,
        "language": note.language,
        "status": note.status,
        "document": dict(note.document),
        "sections": [s.to_dict() for s in note.sections],
    }
    if not note.addressed:
        out["message"] = note.message
    if note.version_note:
        out["version_note"] = note.version_note
    return out


def to_markdown(note: BriefingNote) -> str:
    d = note.document
    zh = note.language == "zh"
    lines = [f"# {'简报' if zh else 'Briefing note'}: {note.topic}", ""]
    lines.append(f"**{d['id']}** · {d['title']} · {d['date']}  ")
    lines.append(f"{'主题' if zh else 'Topic'}: {note.topic}")
    lines.append("")
    if not note.addressed:
        lines.append(f"> {note.message}")
        return "\n".join(lines) + "\n"
    n = len(note.points)
    lines.append(f"_{n} {'个要点' if zh else 'points'} · {len(note.sections)} {'个章节' if zh else 'sections'}_")
    if note.version_note:
        lines += ["", f"> {note.version_note}"]
    for s in note.sections:
        lines += ["", f"## §{s.section} {s.title}", ""]
        for p in s.points:
            if p.translation:
                lines.append(f"- “{p.text}” — {p.translation.label} (`{p.passage_id}`)  ")
                lines.append(f"  {p.quote}")
            else:
                lines.append(f"- “{p.quote}” — {p.label} (`{p.passage_id}`)")
    return "\n".join(lines) + "\n"


def to_text(note: BriefingNote) -> str:
    """Plain readable text for a terminal."""
    d = note.document
    lines = [f"{d['id']}  {d['date']}  {d['title']}", f"Topic: {note.topic}", ""]
    if not note.addressed:
        return "\n".join(lines + [note.message]) + "\n"
    for s in note.sections:
        lines.append(f"§{s.section} {s.title}")
        for p in s.points:
            lines.append(f"  • “{p.text}”")
            if p.translation:
                lines.append(f"      {p.quote}")
            lines.append(f"      [{p.translation.label if p.translation else p.label}]")
        lines.append("")
    return "\n".join(lines)


# -- evaluation -----------------------------------------------------------------------------------------
def load_topics(path) -> list[dict]:
    import json
    from pathlib import Path

    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_topics(pipeline: "RagPipeline", rows: list[dict], verbose: bool = True) -> dict:
    """Paragraph recall, share of off-topic points, and refusals, over a topics file.

    Each row: {"topic", "addressed": bool, "must": [passage ids that must be found], "related": [ids that may be
    quoted without counting as off-topic]}. A point is off-topic when its paragraph is in neither list.
    """
    found = needed = points = off = 0
    refusals_right = refusals_total = false_refusals = 0
    per_topic = []
    for row in rows:
        note = brief(pipeline, row["topic"])
        got = set(note.passage_ids)
        if not row.get("addressed", True):
            refusals_total += 1
            refusals_right += not note.addressed
            per_topic.append({"topic": row["topic"], "refused": not note.addressed, "ids": sorted(got)})
            continue
        if not note.addressed:
            false_refusals += 1
        must, ok = set(row["must"]), set(row["must"]) | set(row.get("related", []))
        hit = must & got
        off_pts = [p for p in note.points if p.passage_id not in ok]
        found += len(hit)
        needed += len(must)
        points += len(note.points)
        off += len(off_pts)
        per_topic.append({"topic": row["topic"], "recall": len(hit) / len(must) if must else 1.0,
                          "missed": sorted(must - got), "off_topic": sorted({p.passage_id for p in off_pts}),
                          "points": len(note.points)})
    report = {
        "topics": len(rows),
        "recall": round(found / needed, 3) if needed else 1.0,
        "off_topic_share": round(off / points, 3) if points else 0.0,
        "points": points,
        "refusals_right": f"{refusals_right}/{refusals_total}",
        "false_refusals": false_refusals,
        "per_topic": per_topic,
    }
    if verbose:
        for t in per_topic:
            print(t)
        print({k: v for k, v in report.items() if k != "per_topic"})
    return report


if __name__ == "__main__":  # python -m rag.brief.note [tests/rag/brief/topics.jsonl]
    import sys

    from rag.config import Settings
    from rag.pipeline import RagPipeline

    path = sys.argv[1] if len(sys.argv) > 1 else "tests/rag/brief/topics.jsonl"
    evaluate_topics(RagPipeline(Settings.from_env()), load_topics(path))
