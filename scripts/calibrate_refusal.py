"""Fit the answerability model (rag/answers/answerability.py) on a question file, and report how well it generalises.

    python scripts/calibrate_refusal.py ../shared/eval/dev.jsonl [--check eval/heldout.jsonl] [--folds 5] [--seeds 5]

Each question's evidence (rag.answers.answerability.Evidence) is measured once with the real models and index. A logistic
regression (scikit-learn, standardised features, balanced classes) is fitted on k-1 folds (stratified by language
and answerability) and gives each held-out question a probability; over several shuffles every question gets the
mean of its held-out probabilities. The threshold is the highest one at which no answerable question of any
language is refused more often than `--max-false-refusals` (3%) in those held-out figures; the figures reported
for it are cross-validated. The model printed last is fitted on every question with that threshold: it is what
`AnswerabilityModel` in rag/answers/answerability.py should hold. `--check FILE` scores that final model on other questions.
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
from rag.answers.answerability import FEATURES, AnswerabilityModel, evidence  # noqa: E402

THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.05, 0.951, 0.05))
C = 0.3


def measure(pipeline, rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    return measure_with(pipeline.retriever, pipeline.settings, rows)


def measure_with(retriever, settings, rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each question's evidence, its answerability and its language."""
    from rag.answers.select import answering_sentences

    X, y, langs = [], [], []
    for row in rows:
        retrieval = retriever.retrieve(row["question"])
        X.append(list(evidence(retrieval, answering_sentences(retrieval, settings.composing))))
        y.append(bool(row.get("answerable", True)))
        langs.append(row.get("lang") or retrieval.language)
    return np.asarray(X, dtype=float), np.asarray(y), langs


def fit(X: np.ndarray, y: np.ndarray, threshold: float = 0.5, cls=AnswerabilityModel):
    """A `cls` model (AnswerabilityModel, or another LogisticModel) fitted on the evidence X."""
    from sklearn.linear_model import LogisticRegression

    means, scales = X.mean(axis=0), X.std(axis=0) + 1e-9
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit((X - means) / scales, y)
    r = lambda v: tuple(round(float(x), 3) for x in v)  # noqa: E731
    return cls(weights=r(model.coef_[0]), intercept=round(float(model.intercept_[0]), 3),
               means=r(means), scales=r(scales), threshold=threshold)


def held_out_probabilities(X, y, langs, k: int, seeds: int, cls=AnswerabilityModel) -> np.ndarray:
    strata = [f"{lang}:{answerable}" for lang, answerable in zip(langs, y)]
    sums, counts = np.zeros(len(y)), np.zeros(len(y))
    for train, test in splits(strata, k, seeds):
        model = fit(X[train], y[train], cls=cls)
        for i in test:
            sums[i] += model.probability(X[i])
            counts[i] += 1
    return sums / counts


def table(p: np.ndarray, y: np.ndarray, langs: list[str], threshold: float) -> dict:
    out = {}
    for lang in sorted(set(langs)) + ["all"]:
        mask = np.asarray([lang in ("all", l) for l in langs])
        ans, un = mask & y, mask & ~y
        out[lang] = {"false_refusals": f"{int((p[ans] < threshold).sum())}/{int(ans.sum())}",
                     "false_refusal_rate": round(float((p[ans] < threshold).mean()) if ans.any() else 0.0, 3),
                     "refused_unanswerable": f"{int((p[un] < threshold).sum())}/{int(un.sum())}",
                     "refusal_rate": round(float((p[un] < threshold).mean()) if un.any() else 0.0, 3)}
    return out


def choose_threshold(X, y, langs, k: int, seeds: int, max_false_refusals: float = 0.03, cls=AnswerabilityModel
                     ) -> float:
    """The highest threshold at which the held-out false refusals of every language stay within the bound."""
    p = held_out_probabilities(X, y, langs, k, seeds, cls)

    def worst(t: float) -> float:
        return max(v["false_refusal_rate"] for lang, v in table(p, y, langs, t).items() if lang != "all")

    allowed = [t for t in THRESHOLDS if worst(t) <= max_false_refusals]
    return max(allowed) if allowed else min(THRESHOLDS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--check", type=Path, help="also score the final model on these questions")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--max-false-refusals", type=float, default=0.03)
    args = ap.parse_args()

    from rag.config import Settings
    from rag.pipeline import RagPipeline

    pipeline = RagPipeline(Settings.from_env(backend="extractive"))
    X, y, langs = measure(pipeline, load_questions(args.questions))
    p = held_out_probabilities(X, y, langs, args.folds, args.seeds)
    threshold = choose_threshold(X, y, langs, args.folds, args.seeds, args.max_false_refusals)
    print(f"features: {', '.join(FEATURES)}")
    print(f"{args.folds}-fold cross-validated x{args.seeds} shuffles; threshold {threshold} "
          f"(the highest with at most {args.max_false_refusals:.0%} false refusals in every language):")
    for lang, row in table(p, y, langs, threshold).items():
        print(f"  {lang}: {row}")
    final = fit(X, y, threshold)
    print("model fitted on all questions:", json.dumps(final.to_dict()))
    if args.check:
        Xc, yc, lc = measure(pipeline, load_questions(args.check))
        pc = np.asarray([final.probability(x) for x in Xc])
        print(f"{args.check.name} (never fitted on):")
        for lang, row in table(pc, yc, lc, threshold).items():
            print(f"  {lang}: {row}")


if __name__ == "__main__":
    main()
