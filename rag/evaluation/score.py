"""Scoring a question file (the format of shared/eval/dev.jsonl) against the pipeline.

Per language: hit@1, recall@3 and MRR of the gold paragraph (a retrieved paragraph is gold when it contains a
gold snippet, whitespace ignored), facts found (every `answer_all` group has one alternative in the answer,
whitespace and case ignored), refusals right (unanswerable questions answered `not_found`), false refusals
(answerable ones answered `not_found`), citations verified (quote verbatim in the cited passage's text), answers written in the question's language,
median and 90th-percentile seconds per question (time to first token included; model loading excluded).

A question file is about one document (a row's `document`, else the caller's: the project's S/2017/105), and the
questions are asked of the whole library, as a user asks them. With other documents in the library, two rankings
are scored: hit@1, recall@3 and MRR across the library (the gold paragraph among everything retrieved: a passage
of another document ranked above it counts against it, even one that is on the subject), and document hit@1,
recall@3 and MRR (the gold paragraph among the question's document's own passages, in the same ranking: what
the gold labels measure, and what other documents may not spoil). Beside them: the answerable questions whose top
passage is another document's, and the answers whose first citation is another document's (an unanswerable
question answered that way is no refusal). With the question's document alone the two rankings are one.
Ranks count within the first `depth` passages (5), of the library's and of the document's.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rag.analysis.text import answer_language, squash


@dataclass
class QuestionResult:
    id: str
    language: str
    answerable: bool
    rank: int | None  # 1-based rank of the first gold paragraph among all retrieved (the library); None if none
    facts_found: bool | None
    status: str
    citations_ok: int
    citations_total: int
    seconds: float
    answer: str = ""
    written_in: str | None = None  # the language the answer is written in (answered questions only)
    first_token_seconds: float | None = None  # generative answers: from the question to the model's first words
    document: str = ""  # the document the question is about
    document_rank: int | None = None  # the gold paragraph's rank among that document's retrieved passages
    top_document: str | None = None  # the document of the first retrieved passage
    answered_from: str | None = None  # the document of the answer's first citation (answered questions)

    @property
    def other_document_first(self) -> bool:
        return bool(self.document) and self.top_document is not None and self.top_document != self.document

    @property
    def from_other_document(self) -> bool:
        return bool(self.document) and self.answered_from is not None and self.answered_from != self.document


@dataclass
class LanguageScores:
    questions: int = 0
    answerable: int = 0
    unanswerable: int = 0
    hit1: float = 0.0
    recall3: float = 0.0
    mrr: float = 0.0
    document_hit1: float = 0.0
    document_recall3: float = 0.0
    document_mrr: float = 0.0
    other_document_first: int = 0  # answerable questions whose first passage is another document's
    answered_from_other: int = 0  # answers whose first citation is another document's
    facts_found: float = 0.0
    refusals_right: int = 0
    false_refusals: int = 0
    citations_verified: int = 0
    citations_total: int = 0
    answered: int = 0
    in_question_language: int = 0
    median_seconds: float = 0.0
    p90_seconds: float = 0.0
    median_first_token_seconds: float | None = None
    per_question: list[QuestionResult] = field(default_factory=list, repr=False)


def load_questions(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not a JSON object ({e.msg})") from None
    return rows


def gold_rank(retrieved: list[dict], gold: list[str], document: str | None = None, depth: int | None = None
              ) -> int | None:
    """The 1-based rank of the first gold paragraph among the first `depth` (all: None) of `retrieved`, or of
    those that are `document`'s passages (a passage without a "document" is the question's document's)."""
    if document is not None:
        retrieved = [r for r in retrieved if r.get("document", document) == document]
    snippets = [squash(g) for g in gold if g.strip()]
    for rank, r in enumerate(retrieved[:depth], 1):
        text = squash(r["text"])
        if any(s in text for s in snippets):
            return rank
    return None


def facts_in(answer: str, groups: list[list[str]]) -> bool:
    text = squash(answer).lower()
    return all(any(squash(alt).lower() in text for alt in group) for group in groups)


def score_question(row: dict, result: dict, seconds: float, document: str = "", depth: int | None = None
                   ) -> QuestionResult:
    """One question's outcome; `document`: the question's document when its row names none."""
    citations = result.get("citations", [])
    ok = sum(1 for c in citations if c["quote"] and c["quote"] in c["text"])
    answerable = bool(row.get("answerable", True))
    answered = result["status"] == "answered"
    doc = row.get("document") or document
    retrieved, gold = result["retrieved"], row.get("gold", [])
    return QuestionResult(
        id=row.get("id", ""),
        language=row.get("lang") or result["language"],
        answerable=answerable,
        rank=gold_rank(retrieved, gold, depth=depth) if answerable else None,
        facts_found=(answered and facts_in(result["answer"], row.get("answer_all", []))) if answerable else None,
        status=result["status"],
        citations_ok=ok,
        citations_total=len(citations),
        seconds=seconds,
        answer=result["answer"],
        written_in=answer_language(result["answer"]) if answered else None,
        first_token_seconds=(result.get("timings_ms", {}).get("first_token") or 0) / 1000 or None,
        document=doc,
        document_rank=gold_rank(retrieved, gold, doc or None, depth) if answerable else None,
        top_document=retrieved[0].get("document", doc) if retrieved else None,
        answered_from=citations[0].get("document", doc) if answered and citations else None,
    )


def _ranking(ranks: list[int | None]) -> tuple[float, float, float]:
    """(hit@1, recall@3, MRR) of 1-based ranks (None: not found)."""
    n = len(ranks)
    return (sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 3 for r in ranks) / n,
            sum(1 / r for r in ranks if r) / n)


def aggregate(results: Iterable[QuestionResult]) -> dict[str, LanguageScores]:
    by_lang: dict[str, LanguageScores] = {}
    for r in results:
        for key in (r.language, "all"):
            s = by_lang.setdefault(key, LanguageScores())
            s.per_question.append(r)
    for s in by_lang.values():
        qs = s.per_question
        ans = [q for q in qs if q.answerable]
        un = [q for q in qs if not q.answerable]
        s.questions, s.answerable, s.unanswerable = len(qs), len(ans), len(un)
        if ans:
            s.hit1, s.recall3, s.mrr = _ranking([q.rank for q in ans])
            s.document_hit1, s.document_recall3, s.document_mrr = _ranking([q.document_rank for q in ans])
            s.facts_found = sum(bool(q.facts_found) for q in ans) / len(ans)
        s.other_document_first = sum(q.other_document_first for q in ans)
        s.answered_from_other = sum(q.from_other_document for q in qs)
        s.refusals_right = sum(q.status == "not_found" for q in un)
        s.false_refusals = sum(q.status == "not_found" for q in ans)
        s.citations_verified = sum(q.citations_ok for q in qs)
        s.citations_total = sum(q.citations_total for q in qs)
        done = [q for q in qs if q.written_in]
        s.answered = len(done)
        s.in_question_language = sum(q.written_in == q.language for q in done)
        times = sorted(q.seconds for q in qs)
        s.median_seconds = percentile(times, 0.5)
        s.p90_seconds = percentile(times, 0.9)
        firsts = sorted(q.first_token_seconds for q in qs if q.first_token_seconds)
        s.median_first_token_seconds = percentile(firsts, 0.5) if firsts else None
    return by_lang


def percentile(sorted_values: list[float], share: float) -> float:
    """The nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def run(rows: list[dict], ask: Callable[[str], dict], document: str = "", depth: int | None = None
        ) -> list[QuestionResult]:
    """Every row asked and scored; `document`: the questions' document where a row names none; ranks within the
    first `depth` passages (ask for more than `depth` so that the document's own first `depth` are there)."""
    import time

    out = []
    for row in rows:
        t0 = time.perf_counter()
        result = ask(row["question"])
        out.append(score_question(row, result, time.perf_counter() - t0, document, depth))
    return out


def report_dict(scores: dict[str, LanguageScores]) -> dict:
    out = {}
    for lang, s in scores.items():
        out[lang] = {
            "questions": s.questions,
            "answerable": s.answerable,
            "hit@1": round(s.hit1, 3),
            "recall@3": round(s.recall3, 3),
            "mrr": round(s.mrr, 3),
            "document_hit@1": round(s.document_hit1, 3),
            "document_recall@3": round(s.document_recall3, 3),
            "document_mrr": round(s.document_mrr, 3),
            "other_document_first": f"{s.other_document_first}/{s.answerable}",
            "answered_from_other_documents": f"{s.answered_from_other}/{s.answered}",
            "facts_found": round(s.facts_found, 3),
            "refusals_right": f"{s.refusals_right}/{s.unanswerable}",
            "false_refusals": f"{s.false_refusals}/{s.answerable}",
            "citations_verified": f"{s.citations_verified}/{s.citations_total}",
            "in_question_language": f"{s.in_question_language}/{s.answered}",
            "median_seconds": round(s.median_seconds, 3),
            "p90_seconds": round(s.p90_seconds, 3),
            "median_first_token_seconds": None if s.median_first_token_seconds is None
            else round(s.median_first_token_seconds, 3),
        }
    return out
