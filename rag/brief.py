"""Briefing lookups: a topic in, a cited briefing note out (`python -m rag brief "调解"`).

A note lists every place the document treats the topic, grouped by section in document order; each point is a
source sentence quoted verbatim with its citation label. Coverage matters more than brevity, but paragraphs that
merely share a common word with the topic must not pad the note.

How sentences are selected (`select_points`), measured on tests/brief/topics.jsonl (`evaluate_topics`):

1. Topic words. The topic is split into word groups, each with the document terms that stand for it: a Chinese
   topic's content words as written (jieba precise mode, "网络安全" stays one word); an English topic's glossary
   phrases and lexicon translations ("funding" -> 供资|资金, "regional organizations" -> 区域组织), the same
   mapping the retriever searches with. A group is *present* when one of its terms occurs in the document.
2. Is the topic addressed? Not when the topic names something the document never mentions (`refusal_reason`'s
   names rule), nor when a content word has no counterpart in the document ("网络安全", "核武器", "nuclear
   weapons": "nuclear" has none; "cyber security": "cyber" has none). A topic of four or more words may miss one.
   `refusal_reason`'s USE floor (0.2) is used only where no word of the topic matched: short topics are single
   words whose USE similarity is low even when the document discusses them ("妇女" 0.11, "调解" 0.14,
   "mediation" 0.14, "women" 0.05), so that floor would refuse them.
3. Lexical gate. A group found in at most half of the paragraphs is *specific* ("调解": 3 of 27; "预防": most).
   When the topic has specific groups, a sentence is a candidate only if it contains one of their terms; otherwise
   any topic term will do. This keeps "prevention" (the document's theme) from pulling in every paragraph when the
   topic is "funding for prevention", and keeps unrelated paragraphs out of one-word topics.
4. Relevance threshold relative to the best hit. A candidate must also score at least
   median + MIN_LIFT · (best - median) over the retriever's fused sentence scores; the retriever already weighs
   the topic's terms (BM25) and meaning (e5 + USE), so this drops incidental matches weaker than the real ones.
   A sentence holding two of the topic's word groups together (秘书长 + 安全理事会 for "秘书长与安全理事会的关系")
   joins at TOGETHER_LIFT even when both words are common. A sentence that clears STRONG_LIFT is kept without the lexical gate when the topic is English (the lexicon is
   approximate; a paraphrase can be the best match).
5. Diversity across sections. A section whose title carries the topic (e.g. "安全理事会的作用" for "role of the
   Security Council", titles of §3.3 and §4.2) is about it as a whole: the best sentence of each of its paragraphs
   joins the note even when its words differ (§3.3 ¶2 speaks of mandates and funding, not of the Council by name).
   At most MAX_PER_PARAGRAPH sentences are quoted from one paragraph, so a long paragraph cannot crowd the note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import numpy as np

from rag.answer import refusal_reason
from rag.retrieve import Retrieval, SentenceHit
from rag.text import STOPWORDS, content_words, squash, tokenize
from rag.types import Passage

if TYPE_CHECKING:  # pragma: no cover
    from rag.pipeline import RagPipeline

SPECIFIC_SHARE = 0.5  # a word group in at most this share of the paragraphs is specific to the topic
MIN_LIFT = 0.15  # candidates: score >= median + MIN_LIFT * (best - median)
TOGETHER_LIFT = 0.5  # a sentence with two of the topic's words together (even common ones) at this lift joins
STRONG_LIFT = 0.6  # English: kept without the lexical gate when this close to the best sentence
MAX_PER_PARAGRAPH = 2
MAX_TOPIC_CHARS = 200

NOT_ADDRESSED = {
    "zh": "文件没有论及这一主题。",
    "en": "The document does not address this topic.",
}
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d+")


class TopicError(ValueError):
    """The topic cannot be looked up as given (empty or too long)."""


@dataclass(frozen=True)
class BriefingPoint:
    text: str  # the point; without an LLM, the quoted source sentence itself
    quote: str  # verbatim substring of the passage text
    passage_id: str
    label: str
    paragraph: int
    start: int  # offset of the quote in the passage text
    score: float

    def to_dict(self) -> dict:
        return {"text": self.text, "quote": self.quote, "passage_id": self.passage_id, "label": self.label}


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


def _document_key(pipeline: "RagPipeline") -> str:
    return "".join(_key(" ".join(p.section_path) + p.text) for p in pipeline.document.passages())


# -- topic words ----------------------------------------------------------------------------------------
def _topic_groups(pipeline: "RagPipeline", topic: str, language: str) -> list[tuple[str, tuple[str, ...]]]:
    """(word, document terms standing for it) for each content word or phrase of the topic."""
    if language == "zh":
        groups = [(w, (w,)) for w in _merge_compounds(content_words(topic), _document_key(pipeline))]
        # Latin words typed inside a Chinese topic go through the same mapping as an English topic.
        latin = " ".join(w for w in _LATIN_WORD.findall(topic) if not w.isdigit())
        if latin:
            groups = [g for g in groups if not g[0].isascii() or g[0].isdigit()] + _english_groups(pipeline, latin)
        return groups
    return _english_groups(pipeline, topic)


def _english_groups(pipeline: "RagPipeline", text: str) -> list[tuple[str, tuple[str, ...]]]:
    retriever = pipeline.retriever
    if hasattr(retriever, "_english_groups"):  # glossary phrases, then lexicon translations
        return [(tr.word, tuple(tr.terms)) for tr in retriever._english_groups(text)]
    # Fallback: each word on its own, translated by a one-word retrieval.
    words = [w for w in dict.fromkeys(_LATIN_WORD.findall(text.lower())) if w not in STOPWORDS]
    groups = []
    for w in words:
        terms = tuple(t for t in retriever.retrieve(w).query_terms if len(t) >= 2 or t.isdigit())
        groups.append((w, terms))
    return groups


def _key(term: str) -> str:
    return squash(term).lower()


def _contains(text_key: str, terms: Iterable[str]) -> bool:
    """Whether any term occurs in the text; a term "a+b" needs all its parts (区域+组织 in 区域和次区域组织)."""
    return any(all(_key(part) and _key(part) in text_key for part in t.split("+")) for t in terms if t)


def _with_parts(terms: Iterable[str]) -> tuple[str, ...]:
    """Each term, plus the conjunction of its words when it is a compound: 区域组织 -> 区域组织, 区域+组织."""
    out = []
    for t in terms:
        out.append(t)
        parts = content_words(t) if not t.isascii() else []
        if len(parts) >= 2:
            out.append("+".join(parts))
    return tuple(dict.fromkeys(out))


def _merge_compounds(words: list[str], doc_key: str) -> list[str]:
    """Adjacent Chinese words whose concatenation the document uses are one group: 区域, 组织 -> 区域组织."""
    out: list[str] = []
    for w in words:
        if out and not w.isascii() and not out[-1].isascii() and _key(out[-1] + w) in doc_key:
            out[-1] = out[-1] + w
        else:
            out.append(w)
    return out


def _english_words(topic: str) -> list[str]:
    return [w for w in dict.fromkeys(_LATIN_WORD.findall(topic.lower())) if w not in STOPWORDS]


def _uncovered_words(topic: str, language: str, groups, present: list[bool]) -> list[str]:
    """The topic's content words with no counterpart in the document."""
    if language == "zh":
        return [g[0] for g, ok in zip(groups, present) if not ok]
    covered = set()
    for (word, _), ok in zip(groups, present):
        if ok:
            covered.update(_english_words(word))
    return [w for w in _english_words(topic) if w not in covered and not w.isdigit()]


# -- selection ------------------------------------------------------------------------------------------
def select_points(pipeline: "RagPipeline", topic: str, retrieval: Retrieval) -> tuple[list[SentenceHit], str, dict]:
    """The sentences a note on `topic` quotes (empty with a reason when the document does not address it)."""
    language = retrieval.language
    passages = pipeline.document.passages()
    para_keys = {p.id: _key(p.text) for p in passages}
    doc_key = _document_key(pipeline)

    groups = [(w, _with_parts(terms)) for w, terms in _topic_groups(pipeline, topic, language)]
    present = [bool(terms) and _contains(doc_key, terms) for _, terms in groups]
    uncovered = _uncovered_words(topic, language, groups, present)
    diag = {"groups": [[w, list(t)] for w, t in groups], "uncovered": uncovered}

    if retrieval.unknown_names:
        return [], refusal_reason(retrieval, pipeline.settings) or "unknown names", diag
    n_words = len(_english_words(topic)) if language == "en" else len(groups)
    if uncovered and (n_words < 4 or len(uncovered) > 1):
        return [], f"no counterpart in the document for: {', '.join(uncovered)}", diag
    live = [g for g, ok in zip(groups, present) if ok]
    if not live:
        reason = refusal_reason(retrieval, pipeline.settings)
        if reason:
            return [], reason, diag

    # 3. specific groups: found in at most SPECIFIC_SHARE of the paragraphs
    n_par = len(passages)
    df = [sum(1 for k in para_keys.values() if _contains(k, terms)) for _, terms in live]
    specific = [g for g, d in zip(live, df) if d <= SPECIFIC_SHARE * n_par]
    gate_terms = [t for _, terms in (specific or live) for t in terms]
    diag.update(df=dict(zip([w for w, _ in live], df)), specific=[w for w, _ in specific])

    scores = np.asarray([s.score for s in retrieval.sentences])
    median, best = float(np.median(scores)), float(scores.max())
    floor = median + MIN_LIFT * (best - median)
    strong = median + STRONG_LIFT * (best - median)
    mid = median + TOGETHER_LIFT * (best - median)

    # 5. sections whose title carries the topic: every topic group present in the title
    title_sections = set()
    if live:
        for p in passages:
            title = _key(p.section_path[-1]) if p.section_path else ""
            if title and all(_contains(title, terms) for _, terms in live):
                title_sections.add(p.section)
    diag["title_sections"] = sorted(title_sections)

    chosen: dict[tuple[str, int], SentenceHit] = {}
    per_paragraph: dict[str, int] = {}
    best_of_paragraph: dict[str, SentenceHit] = {}
    for s in retrieval.sentences:  # best first
        pid = s.passage.id
        best_of_paragraph.setdefault(pid, s)
        key = _key(s.text)
        lexical = _contains(key, gate_terms) if gate_terms else False
        together = len(live) >= 2 and sum(_contains(key, terms) for _, terms in live) >= 2
        keep = ((lexical and s.score >= floor) or (together and s.score >= mid)
                or (language == "en" and s.score >= strong and (lexical or not specific)))
        if keep and per_paragraph.get(pid, 0) < MAX_PER_PARAGRAPH:
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = per_paragraph.get(pid, 0) + 1
    for pid, s in best_of_paragraph.items():
        if s.passage.section in title_sections and pid not in per_paragraph:
            chosen[(pid, s.start)] = s
            per_paragraph[pid] = 1
    diag.update(floor=round(floor, 3), strong=round(strong, 3), best=round(best, 3))
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
    doc = pipeline.document
    document = {"id": doc.id, "title": doc.title, "date": doc.date}
    retrieval = pipeline.retriever.retrieve(text)
    sentences, reason, diag = select_points(pipeline, text, retrieval)
    if not sentences:
        return BriefingNote(topic=text, language=retrieval.language, document=document, status="not_addressed",
                            message=NOT_ADDRESSED[retrieval.language], reason=reason, diagnostics=diag)
    order = _section_order(pipeline)
    by_section: dict[str, list[SentenceHit]] = {}
    for s in sentences:
        by_section.setdefault(s.passage.section, []).append(s)
    sections = []
    for number in sorted(by_section, key=lambda n: order.get(n, 1_000)):
        hits = sorted(by_section[number], key=lambda s: (s.passage.paragraph, s.start))
        passage: Passage = hits[0].passage
        points = tuple(
            BriefingPoint(text=s.text, quote=s.text, passage_id=s.passage.id, label=s.passage.label,
                          paragraph=s.passage.paragraph, start=s.start, score=round(float(s.score), 4))
            for s in hits
        )
        sections.append(BriefingSection(section=number, title=" › ".join(passage.section_path), points=points))
    return BriefingNote(topic=text, language=retrieval.language, document=document, sections=tuple(sections),
                        diagnostics=diag)


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
    for s in note.sections:
        lines += ["", f"## §{s.section} {s.title}", ""]
        for p in s.points:
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
            lines.append(f"  • “{p.quote}”")
            lines.append(f"      [{p.label}]")
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


if __name__ == "__main__":  # python -m rag.brief [tests/brief/topics.jsonl]
    import sys

    from rag.config import Settings
    from rag.pipeline import RagPipeline

    path = sys.argv[1] if len(sys.argv) > 1 else "tests/brief/topics.jsonl"
    evaluate_topics(RagPipeline(Settings.from_env()), load_topics(path))
