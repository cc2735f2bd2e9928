"""Cross-validated answer quality: every fitted part of the pipeline refitted without the questions it is scored on.

    python scripts/crossval_answers.py ../shared/eval/dev.jsonl [--folds 5] [--seeds 1] [--json]

For each fold (stratified by language and answerability), the fusion weights (scripts/tune_fusion.py) and the
answerability model (scripts/calibrate_refusal.py, its threshold chosen on the training folds alone) are fitted on
the other folds; the held-out questions are then answered extractively with them and scored exactly as
`python -m rag eval` scores (rag/evaluation/score.py). The table is therefore a generalisation figure: no question is
scored by settings fitted on it.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import calibrate_refusal  # noqa: E402
import tune_fusion  # noqa: E402
from rag.evaluation import score as ev  # noqa: E402
from rag.evaluation.crossval import splits  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from rag.config import Settings
    from rag.pipeline import RagPipeline

    pipeline = RagPipeline(Settings.from_env(backend="extractive"))
    rows = ev.load_questions(args.questions)
    signals = {q["id"]: q for q in tune_fusion.question_signals(pipeline, rows)}
    strata = [f"{r.get('lang')}:{bool(r.get('answerable', True))}" for r in rows]
    results = []
    for train, test in splits(strata, args.folds, args.seeds):
        fusion = tune_fusion.fit([signals[rows[i]["id"]] for i in train if rows[i]["id"] in signals],
                                 C=tune_fusion.CHOSEN_C)
        settings = replace(pipeline.settings, retrieval=replace(pipeline.settings.retrieval, fusion=fusion))
        fold = pipeline.with_settings(settings)
        X, y, langs = calibrate_refusal.measure_with(fold.retriever, settings, [rows[i] for i in train])
        threshold = calibrate_refusal.choose_threshold(X, y, langs, k=args.folds, seeds=1)
        model = calibrate_refusal.fit(X, y, threshold)
        fold = fold.with_settings(replace(settings, answerability=replace(settings.answerability, model=model)))
        results += ev.run([rows[i] for i in test], lambda q: fold.ask(q).to_dict())
    report = ev.report_dict(ev.aggregate(results))
    if args.json:
        print(json.dumps(report, indent=1))
        return
    metrics = ["questions", "hit@1", "recall@3", "facts_found", "refusals_right", "false_refusals",
               "citations_verified", "in_question_language"]
    langs = [lang for lang in ("zh", "en", "all") if lang in report]
    print(f"{args.folds}-fold cross-validated x{args.seeds} (each question answered by settings fitted without it)")
    print(f"{'metric':24s}" + "".join(f"{lang:>12s}" for lang in langs))
    for m in metrics:
        print(f"{m:24s}" + "".join(f"{str(report[lang][m]):>12s}" for lang in langs))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
