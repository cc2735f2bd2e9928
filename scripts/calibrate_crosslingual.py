"""Fit the cross-lingual answerability model (rag/answers/crosslingual.py) and report how well it generalises.

    python scripts/calibrate_crosslingual.py ../shared/eval/dev.jsonl --check eval/heldout.jsonl \
        --check eval/heldout2.jsonl [--folds 5] [--seeds 5] [--max-false-refusals 0.05] [--compare]

The model decides when the sentences an answer would quote have no version in the question's language. To see
that case on the development questions, the project's document is copied without its aligned versions (the
corpus and its metadata only) into a temporary folder and indexed there, with no machine translation: every English
question is then answered from the Chinese text through the encoders. Each such question's evidence
(rag.answers.crosslingual.CrossEvidence) is measured once; questions whose answer would not cross languages (the
Chinese ones) are left out. The fitting is scripts/calibrate_refusal.py's: a logistic regression (standardised
features, balanced classes, C=0.3) cross-validated by question (folds stratified by answerability, several
shuffles, each question scored by the mean of its held-out probabilities); the threshold is the highest at which the
held-out false refusals stay within `--max-false-refusals` (5%). The model printed last is fitted on every question
with that threshold: it is what `CrossLingualModel` should hold. `--check FILE` scores that final model on other
questions (never fitted on); `--compare` also cross-validates other feature sets (the e5 cosine, the cosines'
margins over the rest of the sentences, the cosines alone, the names and answer checks alone).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibrate_refusal import choose_threshold, fit, held_out_probabilities, table  # noqa: E402
from rag.answers.crosslingual import CROSS_FEATURES, CrossLingualModel, cross_evidence, crosses_languages  # noqa: E402
from rag.evaluation.score import load_questions  # noqa: E402

EXTRA = ("cosine_e5", "margin_e5", "margin_use", "z_e5", "z_use", "gap_e5", "gap_use")
COMPARED = {"chosen": CROSS_FEATURES, "with e5": ("cosine_e5",) + CROSS_FEATURES,
            "with margins": CROSS_FEATURES + EXTRA[1:3], "with z-scores": CROSS_FEATURES + EXTRA[3:5],
            "with gaps": CROSS_FEATURES + EXTRA[5:], "cosines alone": ("cosine_e5", "cosine_use"),
            "names and answer alone": CROSS_FEATURES[1:]}


def without_versions(workdir: Path):
    """Settings that serve the project's document without its aligned versions (and no machine version), its
    index in `workdir`."""
    from rag.config import Settings

    base = Settings.from_env(backend="extractive")
    data = workdir / "data"
    data.mkdir(parents=True)
    shutil.copy(base.corpus, data / base.corpus.name)
    shutil.copy(base.metadata, data / base.metadata.name)
    return Settings.from_env(backend="extractive", corpus=data / base.corpus.name,
                             metadata=data / base.metadata.name, index_dir=workdir / "index",
                             library_dir=workdir / "library", machine_translation=False)


def extra_features(retriever, retrieval) -> list[float]:
    """The best e5 cosine, and how far the best cosine stands above the other sentences without a version in the
    question's language: over their mean, as a z-score, over the second best (per encoder; for `--compare`)."""
    scope = retriever.scope(retrieval.documents)
    raw = retriever.raw_signals(retrieval.query, scope)
    cos = [np.concatenate([np.asarray(r["other_sentence"][0][k])[d.missing(retrieval.language)]
                           for d, r in zip(scope.docs, raw) if d.missing(retrieval.language).any()])
           for k in range(2)]
    margin = [c.max() - c.mean() for c in cos]
    z = [(c.max() - c.mean()) / (c.std() + 1e-9) for c in cos]
    gap = [c.max() - np.sort(c)[-2] if len(c) > 1 else 0.0 for c in cos]
    return [retrieval.crossing.cosine_e5, *margin, *z, *gap]


def measure(pipeline, rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[str], int]:
    """The evidence (CROSS_FEATURES, then EXTRA), answerability and language of every question whose answer would
    cross languages, and how many were left out."""
    from rag.answers.select import answering_sentences

    X, y, langs, skipped = [], [], [], 0
    for row in rows:
        retrieval = pipeline.retrieve(row["question"])
        quoted = answering_sentences(retrieval, pipeline.settings.composing)
        if not crosses_languages(retrieval, quoted):
            skipped += 1
            continue
        X.append([*cross_evidence(retrieval, quoted), *extra_features(pipeline.retriever, retrieval)])
        y.append(bool(row.get("answerable", True)))
        langs.append(row.get("lang") or retrieval.language)
    return np.asarray(X, dtype=float), np.asarray(y), langs, skipped


def columns(features: tuple[str, ...]) -> list[int]:
    names = CROSS_FEATURES + EXTRA
    return [names.index(f) for f in features]


def report(name: str, features: tuple[str, ...], dev, checks, args) -> CrossLingualModel:
    """Cross-validated figures of one feature set, the final model, and its figures on the checked files."""
    cols = columns(features)
    cls = type("Model", (CrossLingualModel,), {"features": features}) if features != CROSS_FEATURES \
        else CrossLingualModel
    X, y, langs, _ = dev
    X = X[:, cols]
    p = held_out_probabilities(X, y, langs, args.folds, args.seeds, cls)
    threshold = choose_threshold(X, y, langs, args.folds, args.seeds, args.max_false_refusals, cls)
    print(f"[{name}] features: {', '.join(features)}")
    print(f"  {args.folds}-fold cross-validated x{args.seeds} shuffles; threshold {threshold} (the highest with at "
          f"most {args.max_false_refusals:.0%} false refusals): {table(p, y, langs, threshold)['all']}")
    final = fit(X, y, threshold, cls)
    for path, (Xc, yc, lc, _) in checks.items():
        pc = np.asarray([final.probability(x) for x in Xc[:, cols]])
        print(f"  {path.name} (never fitted on): {table(pc, yc, lc, threshold)['all']}")
    return final


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--check", type=Path, action="append", default=[], help="score the final model on these too")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--max-false-refusals", type=float, default=0.05)
    ap.add_argument("--compare", action="store_true", help="also cross-validate other feature sets")
    args = ap.parse_args()

    from rag.pipeline import RagPipeline

    with tempfile.TemporaryDirectory(prefix="crosslingual-") as tmp:
        pipeline = RagPipeline(without_versions(Path(tmp)))
        dev = measure(pipeline, load_questions(args.questions))
        checks = {path: measure(pipeline, load_questions(path)) for path in args.check}
    print(f"{len(dev[1])} questions cross languages ({dev[2].count('en') if dev[2] else 0} English), "
          f"{dev[3]} left out (their language has a version)")
    final = report("chosen", CROSS_FEATURES, dev, checks, args)
    if args.compare:
        for name, features in list(COMPARED.items())[1:]:
            report(name, features, dev, checks, args)
    print("model fitted on all questions:", json.dumps(final.to_dict()))


if __name__ == "__main__":
    main()
