"""CPU time of the longest question a client may send: 2,000 random Chinese characters, asked warm.

    python benchmarks/long_question.py [--rounds 5] [--chars 2000]

Loads the pipeline, asks two ordinary questions (untimed), then `--rounds` random questions (a fixed seed), and
prints the median and maximum CPU seconds of the process per question. Runs on any version of the project that has
`RagPipeline.ask`, so that two versions can be compared side by side.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--chars", type=int, default=2000)
    args = ap.parse_args()
    from rag.config import Settings
    from rag.pipeline import RagPipeline

    pipeline = RagPipeline(Settings.from_env(backend="extractive"))
    pipeline.warm_up()
    for q in ("秘书长说战争是不可避免的吗？", "Who bears the primary responsibility for ending conflicts?"):
        pipeline.ask(q)
    rng = random.Random(23)
    cpu = []
    for _ in range(args.rounds):
        question = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(args.chars))
        start = time.process_time()
        pipeline.ask(question)
        cpu.append(time.process_time() - start)
    print(json.dumps({"chars": args.chars, "rounds": args.rounds, "cpu_s_median": round(statistics.median(cpu), 3),
                      "cpu_s_max": round(max(cpu), 3)}))


if __name__ == "__main__":
    main()
