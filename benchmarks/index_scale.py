"""Indexing time and memory against corpus size, on made-up corpora with the project's structure.

    python benchmarks/index_scale.py [--sizes 50,500,5000]    # kilobytes of UTF-8 text

For each size a corpus is written in the layout of the UN text layer the parser reads (a letter, an annex title,
top-level sections with numbered paragraphs), its paragraphs made of the real document's sentences in shuffled
combinations, each paragraph marked so that no two are alike. Each index is built by `python -m rag index` in its
own process (no machine translation: a made-up corpus has no English version), and the process's wall time and
peak memory (ru_maxrss of the child) are printed with the counts of what was indexed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sentences() -> list[str]:
    from rag.config import Settings
    from rag.documents.corpus import load_document

    s = Settings()
    return [sp.text for p in load_document(s.corpus, s.metadata).passages() for sp in p.spans()]


def make_corpus(folder: Path, kilobytes: int, seed: int = 0) -> tuple[Path, Path]:
    """corpus.txt and its metadata, about `kilobytes` of UTF-8 text."""
    rng = random.Random(seed)
    pool = sentences()
    lines = ["   2017 年 1 月 31 日某国常驻联合国代表给秘书长的信 ", "", " 谨转递一份非正式文件(见附件)。 ", "",
             "常驻代表 ", "", "   2017 年 1 月 31 日信的附件 ", ""]
    headings, size, k, section = [], 0, 0, 0
    while size < kilobytes * 1024:
        section += 1
        heading = f"第{section}部分"
        headings.append(heading)
        lines += [f"{heading} ", ""]
        for _ in range(40):
            k += 1
            text = "".join(rng.sample(pool, rng.randint(2, 5)))
            lines += [f" （第{k}段）{text} ", ""]
            size += len(text.encode("utf-8"))
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = folder / "corpus.meta.json"
    meta.write_text(json.dumps({"symbol": "S/2099/1", "date": "2099-01-01", "language": "zh",
                                "top_level_headings": headings}, ensure_ascii=False), encoding="utf-8")
    return corpus, meta


def build(corpus: Path, meta: Path, index_dir: Path) -> dict:
    env = {**os.environ, "RAG_CORPUS": str(corpus), "RAG_METADATA": str(meta), "RAG_INDEX_DIR": str(index_dir),
           "RAG_MACHINE_TRANSLATION": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "rag", "index"], env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode:
        sys.exit(f"index failed: {r.stderr[-2000:]}")
    manifest = json.loads((index_dir / "S_2099_1" / "manifest.json").read_text(encoding="utf-8"))
    return {"corpus_kb": round(corpus.stat().st_size / 1024), "seconds": round(wall, 1),
            "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "peak_mib": round(after.ru_maxrss / 1024), "counts": manifest["counts"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,500,5000", help="kilobytes, comma-separated")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kb in (int(x) for x in args.sizes.split(",")):
            folder = Path(tmp) / f"{kb}kb"
            folder.mkdir()
            corpus, meta = make_corpus(folder, kb)
            print(json.dumps(build(corpus, meta, folder / "index")), flush=True)


if __name__ == "__main__":
    main()
