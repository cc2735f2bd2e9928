"""Fit the fusion weights (rag/retrieval/fusion.py) on a question file, and report how well they generalise.

    python scripts/tune_fusion.py ../shared/eval/dev.jsonl [--folds 5] [--seeds 3] [--json]

Each answerable question's signals are computed once with the real models and index. The weights are the
coefficients of a logistic regression (scikit-learn) that tells the sentences holding a gold snippet from the
others (classes balanced; C chosen among a few values by the cross-validated score). Cross-validation is by
question: the weights are fitted on k-1 folds, the held-out fold's questions are ranked with them, and only those
held-out ranks are reported (averaged over `--seeds` shuffles). The weights printed last are fitted on every
question: they are what `FusionWeights` in rag/retrieval/fusion.py should hold. The current settings' figures on the same
questions are printed beside (not a generalisation figure: they were fitted on these questions).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.evaluation.crossval import splits  # noqa: E402
from rag.evaluation.score import load_questions  # noqa: E402
from rag.retrieval.fusion import SIGNALS, FusionWeights, fuse_passages, fuse_sentences  # noqa: E402
from rag.analysis.text import squash  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0)
# The C that this script's cross-validation chose on ../shared/eval/dev.jsonl: `FusionWeights` holds the weights fitted
# with it, and scripts/crossval_answers.py refits with it in every fold.
CHOSEN_C = 1.0


def question_signals(pipeline, rows: list[dict]) -> list[dict]:
    """Per answerable question: language, signals, and the gold passages and sentences (those holding a gold
    snippet; a sentence also counts when it is a part of one)."""
    from rag.analysis.query import analyze

    retriever = pipeline.retriever
    passages = retriever.passages
    p_keys = [squash(p.text) for p in passages]
    s_keys = [squash(sp.text) for p in passages for sp in p.spans()]
    out = []
    for row in rows:
        if not row.get("answerable", True):
            continue
        snippets = [squash(g) for g in row.get("gold", []) if g.strip()]
        gold = {i for i, k in enumerate(p_keys) if any(s in k for s in snippets)}
        gold_sentences = {i for i, k in enumerate(s_keys) if any(s in k or k in s for s in snippets)}
        if not gold:
            print(f"warning: {row.get('id')}: no passage holds its gold snippet", file=sys.stderr)
            continue
        if not gold_sentences:  # a snippet across two sentences: every sentence of the gold passages
            owner = retriever.sentence_owner
            gold_sentences = {i for i in range(len(s_keys)) if owner[i] in gold}
        signals = retriever.signals(analyze(row["question"]))
        out.append({"id": row.get("id"), "lang": row.get("lang"), "X": signals.matrix(), "signals": signals,
                    "gold": gold, "gold_sentences": gold_sentences})
    return out


def rank_of_gold(q: dict, w: FusionWeights, owner: np.ndarray, n: int) -> int:
    passage = fuse_passages(fuse_sentences(q["signals"], w), owner, n)
    order = np.argsort(-passage, kind="stable")
    return next(r for r, i in enumerate(order, 1) if i in q["gold"])


def scores(ranks: list[int]) -> dict:
    n = max(len(ranks), 1)
    return {"hit@1": round(sum(r == 1 for r in ranks) / n, 3), "recall@3": round(sum(r <= 3 for r in ranks) / n, 3),
            "mrr": round(sum(1 / r for r in ranks) / n, 3), "questions": len(ranks)}


def fit(questions: list[dict], C: float) -> FusionWeights:
    from sklearn.linear_model import LogisticRegression

    X = np.concatenate([q["X"] for q in questions])
    y = np.concatenate([[i in q["gold_sentences"] for i in range(len(q["X"]))] for q in questions])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(X, y)
    return FusionWeights.from_vector(model.coef_[0])


def held_out_ranks(questions, owner, n, C: float, k: int, seeds: int) -> dict[str, list[int]]:
    held: dict[str, list[int]] = {}
    for train, test in splits([q["lang"] for q in questions], k, seeds):
        w = fit([questions[i] for i in train], C)
        for i in test:
            held.setdefault(questions[i]["lang"], []).append(rank_of_gold(questions[i], w, owner, n))
    return held


def objective(held: dict[str, list[int]]) -> float:
    ranks = [r for rs in held.values() for r in rs]
    s = scores(ranks)
    return s["hit@1"] + s["recall@3"] + s["mrr"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from rag.config import Settings
    from rag.pipeline import RagPipeline

    pipeline = RagPipeline(Settings.from_env(backend="extractive"))
    questions = question_signals(pipeline, load_questions(args.questions))
    owner, n = pipeline.retriever.sentence_owner, len(pipeline.retriever.passages)
    langs = sorted({q["lang"] for q in questions})
    current = pipeline.settings.retrieval.fusion
    report: dict = {"signals": list(SIGNALS), "current": current.to_dict(), "current_scores": {}, "cv": {}}
    for lang in langs:
        report["current_scores"][lang] = scores([rank_of_gold(q, current, owner, n) for q in questions if q["lang"] == lang])
    for C in C_GRID:
        held = held_out_ranks(questions, owner, n, C, args.folds, args.seeds)
        report["cv"][str(C)] = {lang: scores(held[lang]) for lang in langs} | {"objective": round(objective(held), 3)}
    best_c = max(C_GRID, key=lambda c: report["cv"][str(c)]["objective"])
    report["chosen_C"] = best_c
    report["fitted_on_all"] = fit(questions, best_c).to_dict()
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print("current settings:", current.to_dict())
    for lang, s in report["current_scores"].items():
        print(f"  {lang}: {s}   (in-sample)")
    for C, by_lang in report["cv"].items():
        print(f"C={C}: {args.folds}-fold cross-validated x{args.seeds} seeds:")
        for lang in langs:
            print(f"  {lang}: {by_lang[lang]}")
    print(f"chosen C={best_c}; weights fitted on all questions:", report["fitted_on_all"])


if __name__ == "__main__":
    main()
