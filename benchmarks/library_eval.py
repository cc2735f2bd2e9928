"""S/2017/105's evaluation with the library empty and with same-theme documents in it, side by side.

    python benchmarks/library_eval.py [QUESTIONS ...] [--json]     # default: ../shared/eval/dev.jsonl

Builds, in a temporary folder, an empty library and a full one: the made-up documents of
tests/rag/documents/fixtures/ (verbatim records, a resolution, a presidential statement, a report, a text of no
known kind) and of tests/eval/library/ (a verbatim record, a resolution, a presidential statement, a report and a
letter with annex on conflict prevention, mediation, women and peace and security and early warning, in Chinese
and English), each added with `python -m rag add`. S/2017/105's index is copied from the project's index/ when it
is there (else the first evaluation builds it). Then `python -m rag eval FILE --json --backend extractive` runs
against each library (no machine translation) and the two tables are printed: across the library (hit@1,
recall@3, MRR) and within S/2017/105's own passages (document_*), facts, refusals, and what other documents
took (rag/evaluation/score.py). Nothing is written to the project's library/ or index/.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "rag" / "documents" / "fixtures"
SAME_THEME = ROOT / "tests" / "eval" / "library"
# (file, language, symbol when the text has none)
ADDED = ([(FIXTURES / f"{name}_{lang}.txt", lang, None) for name in ("pv_9001", "res_2999", "prst_2024_5",
                                                                      "report_2024_400") for lang in ("zh", "en")]
         + [(FIXTURES / "pv_9100_en.txt", "en", None), (FIXTURES / "other_en.txt", "en", "S/2024/1")]
         + [(SAME_THEME / f"{name}_{lang}.txt", lang, None) for name in ("pv_9412", "res_2805", "prst_2025_4",
                                                                         "report_2025_402", "letter_2025_131")
            for lang in ("zh", "en")])
METRICS = ("hit@1", "recall@3", "mrr", "document_hit@1", "document_recall@3", "document_mrr", "other_document_first",
           "facts_found", "refusals_right", "false_refusals", "answered_from_other_documents")


def rag(args: list[str], env: dict) -> str:
    r = subprocess.run([sys.executable, "-m", "rag", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"python -m rag {' '.join(args[:2])} failed:\n{r.stderr[-3000:]}")
    return r.stdout


def make_library(root: Path, name: str, files: list[tuple[Path, str, str | None]]) -> dict:
    """An environment whose library and index are `root/name`, with `files` added."""
    index = root / name / "index"
    project_index = ROOT / "index" / "S_2017_105"
    if project_index.is_dir() and (ROOT / "index" / ".unrag-index").is_file():  # the marker: the project made it
        shutil.copytree(project_index, index / project_index.name)
        shutil.copy2(ROOT / "index" / ".unrag-index", index / ".unrag-index")
    env = {**os.environ, "RAG_LIBRARY_DIR": str(root / name / "library"), "RAG_INDEX_DIR": str(index),
           "RAG_MACHINE_TRANSLATION": "0", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    for language in ("zh", "en"):
        plain = [str(f) for f, lang, symbol in files if lang == language and symbol is None]
        if plain:
            rag(["add", *plain, "--language", language], env)
    for f, language, symbol in files:
        if symbol is not None:
            rag(["add", str(f), "--language", language, "--symbol", symbol], env)
    return env


def table(questions: Path, results: dict[str, dict]) -> str:
    """One markdown table: a row per metric, a column per library and language."""
    cols = [(name, lang) for name in results for lang in ("zh", "en")]
    head = " | ".join(f"{name} ({results[name]['documents_searched']} doc.) {lang}" for name, lang in cols)
    lines = [f"**{questions.name}**", "", f"| metric | {head} |", "|---" * (len(cols) + 1) + "|"]
    for m in METRICS:
        lines.append(f"| {m} | " + " | ".join(str(results[name]["scores"][lang][m]) for name, lang in cols) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questions", nargs="*", type=Path, default=[ROOT.parent / "shared" / "eval" / "dev.jsonl"])
    ap.add_argument("--json", action="store_true", help="Print the scores as JSON instead of markdown tables.")
    args = ap.parse_args()
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="libeval-") as tmp:
        libraries = {"empty": make_library(Path(tmp), "empty", []), "full": make_library(Path(tmp), "full", ADDED)}
        for q in args.questions:
            out[str(q)] = {name: json.loads(rag(["eval", str(q.resolve()), "--json", "--backend", "extractive"], env))
                           for name, env in libraries.items()}
    if args.json:
        print(json.dumps({q: {n: {"documents_searched": r["documents_searched"], "scores": r["scores"]}
                              for n, r in by.items()} for q, by in out.items()}, indent=1))
        return
    for q, by in out.items():
        print(table(Path(q), by), end="\n\n")


if __name__ == "__main__":
    main()
