"""Indexing a library of made-up documents, and adding one document to it.

    python benchmarks/library_scale.py [--documents 100] [--kb 2] [--added-kb 20]

Writes `--documents` made-up letters of about `--kb` KB each (the UN text layer's layout, paragraphs made of the
project's own sentences in shuffled combinations, each marked so that no two are alike), adds them all with one
`python -m rag add` into a fresh library and index, then adds one more document of `--added-kb` KB to that library,
and the same document to an empty library: adding it should cost about the same in both, since only the new
document is indexed. Each command runs in its own process (no machine translation); its wall time and peak memory
(ru_maxrss of the child) are printed as JSON lines.
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


def make_document(path: Path, symbol: str, kilobytes: float, seed: int) -> Path:
    """A made-up letter with an annex of about `kilobytes` of text."""
    rng = random.Random(seed)
    pool = sentences()
    lines = [f"   2098 年 1 月 {1 + seed % 28} 日某国常驻联合国代表给秘书长的信 ", "", symbol, "",
             " 谨转递一份非正式文件(见附件)。 ", "", "常驻代表 ", "", "   信的附件 ", ""]
    size, k, section = 0, 0, 0
    while size < kilobytes * 1024:
        section += 1
        lines += [f"第{section}部分 ", ""]
        for _ in range(10):
            k += 1
            text = "".join(rng.sample(pool, rng.randint(2, 4)))
            lines += [f" （{symbol} 第{k}段）{text} ", ""]
            size += len(text.encode("utf-8"))
            if size >= kilobytes * 1024:
                break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_add(files: list[Path], library: Path, index: Path) -> dict:
    env = {**os.environ, "RAG_LIBRARY_DIR": str(library), "RAG_INDEX_DIR": str(index), "RAG_MACHINE_TRANSLATION": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "rag", "add", *map(str, files)], env=env, cwd=ROOT,
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode:
        sys.exit(f"add failed: {r.stderr[-2000:]}")
    return {"documents": len(files), "kb": round(sum(f.stat().st_size for f in files) / 1024),
            "seconds": round(wall, 1), "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime
                                                            - before.ru_stime, 1),
            "peak_mib": round(after.ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100)
    ap.add_argument("--kb", type=float, default=2.0)
    ap.add_argument("--added-kb", type=float, default=20.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "docs").mkdir()
        files = [make_document(tmp / "docs" / f"d{i}.txt", f"S/2098/{i + 1}", args.kb, i)
                 for i in range(args.documents)]
        added = make_document(tmp / "added.txt", "S/2098/999", args.added_kb, 999)
        # the project's own document is indexed first in both libraries, so that only adding is measured
        for name in ("big", "empty"):
            subprocess.run([sys.executable, "-m", "rag", "index"], cwd=ROOT, capture_output=True,
                           env={**os.environ, "RAG_INDEX_DIR": str(tmp / f"{name}-index"),
                                "RAG_LIBRARY_DIR": str(tmp / f"{name}-library")})
        print(json.dumps({"step": f"index a library of {args.documents} documents",
                          **run_add(files, tmp / "big-library", tmp / "big-index")}), flush=True)
        print(json.dumps({"step": f"add one {args.added_kb:g} KB document to it",
                          **run_add([added], tmp / "big-library", tmp / "big-index")}), flush=True)
        print(json.dumps({"step": f"add the same document to an empty library",
                          **run_add([added], tmp / "empty-library", tmp / "empty-index")}), flush=True)


if __name__ == "__main__":
    main()
