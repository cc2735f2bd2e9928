"""Who said what, measured: speaker questions about two made-up verbatim records answered from the right speaker.

    .venv/bin/python benchmarks/speaker_eval.py [--questions tests/eval/speakers/questions.jsonl] [--json]
                                                [--details FILE] [--set DIR]

Builds a library in a temporary folder (RAG_LIBRARY_DIR and RAG_INDEX_DIR there) with `python -m rag add` of the
records in tests/eval/speakers (S/PV.9210 in the Chinese layout, S/PV.9305 in the English one; no machine
translation, as on a machine without the local model), beside the project's S/2017/105 (its index is copied, not
rebuilt). `--set DIR` measures other records instead (written by another hand, say): DIR holds records.json
({symbol: [file, language]}, files relative to DIR), speakers.json and questions.jsonl in the shapes below. Every question is asked twice: with `documents=[its record]` ("record") and over the whole library
("library"). Judged from the answer's JSON (`Answer.to_dict()`), against tests/eval/speakers/speakers.json (who
spoke in which record, as the records write them):

  speaker       right when answered and EVERY citation is a turn of the expected speaker (in the library, a turn of
                theirs in either record)
  no_statement  in its record: right when refused "S/PV.… records no statement by X"; in the library: the same when
                X spoke in no record, and answered from X's turns when X spoke in the other record
  which         right when answered, every citation a speaker turn, and at least two of the expected delegations
                (all of them when fewer) among the cited speakers

A wrong-speaker citation is a turn of another speaker than the one asked about (speaker and no_statement
questions); it must never happen. A non-turn citation quotes no speaker (the agenda, the proceedings, a letter).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "tests" / "eval" / "speakers"
RECORDS = {"S/PV.9210": (EVAL / "pv_9210_zh.txt", "zh"), "S/PV.9305": (EVAL / "pv_9305_en.txt", "en")}
NO_STATEMENT = re.compile(r"records? no statement by|中没有.{1,40}的发言记录")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def library_env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "RAG_LIBRARY_DIR": str(tmp / "library"), "RAG_INDEX_DIR": str(tmp / "index"),
            "RAG_MACHINE_TRANSLATION": "0", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def load_set(folder: Path) -> tuple[dict[str, tuple[Path, str]], Path, Path]:
    """(records, speakers file, questions file) of a set of records in `folder` (`--set`)."""
    listed = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    records = {symbol: (folder / name, language) for symbol, (name, language) in listed.items()}
    return records, folder / "speakers.json", folder / "questions.jsonl"


def build_library(tmp: Path) -> dict[str, str]:
    """The records added with `python -m rag add` to a library in `tmp`; returns the environment that names it."""
    env = library_env(tmp)
    project_index = ROOT / "index"
    if project_index.is_dir():  # the project's document is indexed already: copied, not indexed again
        shutil.copytree(project_index, tmp / "index")
    for path, language in RECORDS.values():
        r = subprocess.run([sys.executable, "-m", "rag", "add", str(path), "--language", language, "--json"],
                           env=env, cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"rag add {path.name} failed:\n{r.stderr[-3000:]}")
        for row in json.loads(r.stdout):
            print(f"added {row.get('symbol', row.get('id'))}: {row}", file=sys.stderr)
    return env


def _matches(citation: dict, who: dict) -> bool:
    """Whether a citation is a turn of the speaker `who` ({"country": …} or {"name": …}) describes."""
    speaker = citation.get("speaker")
    if not speaker:
        return False
    if "country" in who and _squash(speaker.get("country")) == _squash(who["country"]):
        return True
    return "name" in who and _squash(who["name"]) in _squash(speaker.get("name"))


def _places(entity: dict, document: str, scope: str) -> list[tuple[str, dict]]:
    """(record, speaker) pairs that count as the entity's own turns in this scope."""
    return [(doc, who) for doc, who in entity.items() if scope == "library" or doc == document]


def _own(citation: dict, places: list[tuple[str, dict]]) -> bool:
    return any(citation["document"] == doc and _matches(citation, who) for doc, who in places)


def judge(q: dict, answer: dict, scope: str, speakers: dict) -> dict:
    """One question's outcome in one scope."""
    cites = answer.get("citations", [])
    answered = answer.get("status") == "answered" and bool(cites)
    non_turn = sum(1 for c in cites if not c.get("speaker"))
    out = {"id": q["id"], "scope": scope, "kind": q["kind"], "answered": answered, "non_turn": non_turn,
           "wrong_speaker": 0, "cited": [_cited(c) for c in cites], "answer": answer.get("answer", "")[:300]}
    if q["kind"] == "which":
        wanted = q["speaker_countries"]
        found = {e for e in wanted for c in cites
                 if _own(c, _places(speakers[e], q["document"], scope))}
        out["right"] = answered and non_turn == 0 and len(found) >= min(2, len(wanted))
        return out
    entity = speakers[q.get("speaker_country") or q["speaker_name"]]
    places = _places(entity, q["document"], scope)
    out["wrong_speaker"] = sum(1 for c in cites if c.get("speaker") and not _own(c, places))
    all_own = answered and all(_own(c, places) for c in cites)
    refused = answer.get("status") != "answered" and bool(NO_STATEMENT.search(answer.get("answer", "")))
    out["no_statement_refusal"] = refused
    if q["kind"] == "speaker" or places:  # in the library, a delegation that spoke in the other record
        out["right"] = all_own
    else:
        out["right"] = refused
    return out


def _cited(c: dict) -> str:
    s = c.get("speaker") or {}
    return f"{c['document']} {s.get('country') or s.get('name') or '-'}"


def ask_all(questions: list[dict], env: dict[str, str], speakers: dict) -> list[dict]:
    os.environ.update({k: v for k, v in env.items() if k.startswith(("RAG_", "HF_", "TRANSFORMERS_"))})
    from rag.config import Settings
    from rag.pipeline import QuestionError, RagPipeline

    pipeline = RagPipeline(Settings.from_env())
    pipeline.warm_up()
    outcomes = []
    for q in questions:
        for scope, documents in (("record", [q["document"]]), ("library", None)):
            try:
                answer = pipeline.ask(q["question"], documents=documents).to_dict()
            except QuestionError as e:
                answer = {"status": "error", "answer": str(e), "citations": []}
            o = judge(q, answer, scope, speakers)
            o["language"] = "zh" if _CJK.search(q["question"]) else "en"
            o["record_language"] = RECORDS[q["document"]][1]
            outcomes.append(o)
            mark = "ok " if o["right"] else "BAD"
            print(f"{mark} {scope:7} {q['id']} {q['question'][:60]} -> {o['cited'] or o['answer'][:80]}",
                  file=sys.stderr)
    return outcomes


def figures(outcomes: list[dict]) -> dict:
    """Per scope: per kind and question language, and overall: questions, right, rate, wrong-speaker and non-turn
    citations, and the same for the cross-language questions (question and record in different languages)."""
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for o in outcomes:
        g = groups[o["scope"]]
        for key in (f"{o['kind']}/{o['language']}", o["kind"], "all"):
            g[key].append(o)
        if o["language"] != o["record_language"]:
            g["cross-language"].append(o)

    def row(items: list[dict]) -> dict:
        right = sum(o["right"] for o in items)
        return {"n": len(items), "right": right, "rate": round(right / len(items), 3) if items else None,
                "wrong_speaker": sum(o["wrong_speaker"] for o in items),
                "non_turn": sum(o["non_turn"] for o in items)}

    return {scope: {key: row(items) for key, items in sorted(g.items())} for scope, g in groups.items()}


def print_table(fig: dict) -> None:
    print(f"{'scope':8} {'group':22} {'n':>4} {'right':>6} {'rate':>6} {'wrong spk':>9} {'non-turn':>8}")
    for scope, rows in fig.items():
        for key, r in rows.items():
            print(f"{scope:8} {key:22} {r['n']:>4} {r['right']:>6} {r['rate']:>6.1%} {r['wrong_speaker']:>9} "
                  f"{r['non_turn']:>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, help="default: tests/eval/speakers/questions.jsonl, or the --set's")
    ap.add_argument("--set", type=Path, help="a folder of other records: records.json, speakers.json, questions.jsonl")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--details", type=Path, help="write every question's outcome here (JSON lines)")
    ap.add_argument("--only", help="comma-separated question ids to ask (a quick look at a few)")
    ap.add_argument("--library", type=Path, help="build the library in this folder and keep it (reused when there)")
    args = ap.parse_args()
    speakers_file = EVAL / "speakers.json"
    if args.set:
        records, speakers_file, set_questions = load_set(args.set)
        RECORDS.clear()
        RECORDS.update(records)
        args.questions = args.questions or set_questions
    args.questions = args.questions or EVAL / "questions.jsonl"
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.only:
        ids = set(args.only.split(","))
        questions = [q for q in questions if q["id"] in ids]
    speakers = json.loads(speakers_file.read_text(encoding="utf-8"))
    if args.library:  # kept for another run: built once, then reused
        built = (args.library / "library").is_dir()
        env = library_env(args.library) if built else build_library(args.library)
        outcomes = ask_all(questions, env, speakers)
    else:
        with tempfile.TemporaryDirectory(prefix="speaker-eval-") as tmp:
            env = build_library(Path(tmp))
            outcomes = ask_all(questions, env, speakers)
    if args.details:
        args.details.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outcomes), encoding="utf-8")
    fig = figures(outcomes)
    if args.json:
        print(json.dumps({"questions": str(args.questions.relative_to(ROOT) if args.questions.is_absolute()
                                           and ROOT in args.questions.parents else args.questions),
                          "figures": fig}, ensure_ascii=False, indent=1))
    else:
        print_table(fig)


if __name__ == "__main__":
    main()
