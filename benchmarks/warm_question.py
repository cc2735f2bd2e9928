"""CPU time of a warm question: models and index loaded, then every question of a file asked once, extractively.

    python benchmarks/warm_question.py [../shared/eval/dev.jsonl] [--rounds 2]

Prints the median and 90th percentile of the process CPU time (all threads: time.process_time) and of the wall time
per question, over the rounds (the first few questions are asked once before, untimed). Runs on any version of the
project that has `RagPipeline.ask`, so that two versions can be compared side by side.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    from rag.config import Settings
    from rag.evaluation.score import percentile
    from rag.pipeline import RagPipeline

    questions = [json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    pipeline = RagPipeline(Settings.from_env(backend="extractive"))
    pipeline.warm_up()
    for q in questions[:5]:
        pipeline.ask(q)
    cpu, wall = [], []
    for _ in range(args.rounds):
        for q in questions:
            c, w = time.process_time(), time.perf_counter()
            pipeline.ask(q)
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)
    cpu, wall = sorted(cpu), sorted(wall)
    print(json.dumps({"questions": len(questions), "rounds": args.rounds,
                      "cpu_ms_median": round(percentile(cpu, 0.5) * 1000, 1),
                      "cpu_ms_p90": round(percentile(cpu, 0.9) * 1000, 1),
                      "wall_ms_median": round(percentile(wall, 0.5) * 1000, 1),
                      "wall_ms_p90": round(percentile(wall, 0.9) * 1000, 1)}))


if __name__ == "__main__":
    main()
