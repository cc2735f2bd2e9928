"""The library from the command line, as a user runs it: `add`, `list`, `remove`, `ask --doc`, on a made-up
document (tests/cli/fixtures/), in a library and index of the test's own (the project's S/2017/105 is always
there). Adding one document indexes that document only; an add killed half-way leaves the library as it was."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

FIXTURE = Path(__file__).with_name("fixtures") / "S_2099_7_zh.txt"
SYMBOL = "S/2099/7"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lib(tmp_path_factory, run_cli):
    """A library and an index of this module's own, the index started from the session's (S/2017/105 built)."""
    root = tmp_path_factory.mktemp("library")
    index = root / "index"
    shutil.copytree(run_cli.index_dir, index)
    env = {"RAG_LIBRARY_DIR": str(root / "library"), "RAG_INDEX_DIR": str(index), "RAG_MACHINE_TRANSLATION": "0"}

    def run(*args, **kw):
        return run_cli(*args, env={**env, **kw.pop("env", {})}, **kw)

    run.root, run.index, run.env = root, index, env
    return run


def listed(lib) -> dict:
    r = lib("list", "--json")
    assert r.returncode == 0, r.stderr
    return {d["symbol"]: d for d in json.loads(r.stdout)["documents"]}


def test_add_indexes_only_the_new_document_and_lists_it(lib):
    project_manifest = (lib.index / "S_2017_105" / "manifest.json").read_bytes()
    r = lib("add", str(FIXTURE))
    assert r.returncode == 0, r.stderr
    assert SYMBOL in r.stdout and "letter" in r.stdout and "zh" in r.stdout and "passages" in r.stdout
    assert (lib.index / "S_2099_7" / "manifest.json").is_file()
    assert (lib.index / "S_2017_105" / "manifest.json").read_bytes() == project_manifest  # not rebuilt
    docs = listed(lib)
    assert list(docs) == ["S/2017/105", SYMBOL]
    added = docs[SYMBOL]
    assert added["kind"] == "letter" and added["passages"] == 9  # with its dated heading
    assert added["versions"] == [{"language": "zh", "provenance": "official",
                                  "sha256": hashlib.sha256(FIXTURE.read_bytes()).hexdigest()}]
    assert {v["language"] for v in docs["S/2017/105"]["versions"]} == {"zh", "en"}


def test_questions_reach_the_document_that_answers_and_citations_name_it(lib):
    lib("add", str(FIXTURE))
    sha = listed(lib)[SYMBOL]["versions"][0]["sha256"]
    r = lib("ask", "--json", "发言者呼吁建立什么样的干旱预警系统？")
    a = json.loads(r.stdout)
    assert a["status"] == "answered" and a["citations"][0]["document"] == SYMBOL
    assert a["citations"][0]["sha256"] == sha and a["citations"][0]["label"].startswith(SYMBOL)
    a = json.loads(lib("ask", "--json", "秘书长说战争是不可避免的吗？").stdout)
    assert a["citations"][0]["document"] == "S/2017/105"
    only = json.loads(lib("ask", "--json", "--doc", SYMBOL, "发言者呼吁建立什么样的干旱预警系统？").stdout)
    assert {c["document"] for c in only["citations"]} == {SYMBOL}
    assert {r["document"] for r in only["retrieved"]} == {SYMBOL}
    r = lib("ask", "--doc", "S/1234/5", "发言者呼吁什么？")
    assert r.returncode == 2 and "S/1234/5" in r.stderr and "Traceback" not in r.stderr


def test_adding_again_replaces_and_says_so(lib):
    lib("add", str(FIXTURE))
    r = lib("add", "--json", str(FIXTURE))
    assert r.returncode == 0 and json.loads(r.stdout)[0]["replaced"] is True
    assert list(listed(lib)) == ["S/2017/105", SYMBOL]


@pytest.mark.parametrize("content,message", [(b"", "empty"), (b"\x00\x01\x02binary", "binary"),
                                             (b"not a pdf at all", "not a PDF")])
def test_a_file_that_cannot_be_read_is_one_line_and_changes_nothing(lib, tmp_path, content, message):
    before = listed(lib)
    bad = tmp_path / ("doc.pdf" if message == "not a PDF" else "doc.txt")
    bad.write_bytes(content)
    r = lib("add", str(bad))
    assert r.returncode == 3 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert listed(lib) == before


def test_remove_takes_the_document_and_its_index_away(lib):
    lib("add", str(FIXTURE))
    r = lib("remove", SYMBOL)
    assert r.returncode == 0, r.stderr
    assert list(listed(lib)) == ["S/2017/105"] and not (lib.index / "S_2099_7").exists()
    assert lib("remove", "S/2017/105").returncode == 2  # the project's own document stays


def test_an_add_killed_half_way_leaves_the_library_as_it_was(lib):
    lib("remove", SYMBOL)
    before = listed(lib)
    env = {**os.environ, **lib.env}
    proc = subprocess.Popen([sys.executable, "-m", "rag", "add", str(FIXTURE)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    library = Path(lib.env["RAG_LIBRARY_DIR"])
    deadline = time.monotonic() + 120
    while not list(library.glob(".S_2099_7.adding-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # staged, not yet indexed nor committed
    proc.wait(timeout=30)
    assert listed(lib) == before
    r = lib("ask", "--json", "秘书长说战争是不可避免的吗？")
    assert r.returncode == 0 and json.loads(r.stdout)["status"] == "answered"


def test_a_briefing_note_spans_the_library_grouped_by_document(lib):
    lib("add", str(FIXTURE))
    note = json.loads(lib("brief", "预警", "--format", "json").stdout)
    assert note["status"] == "ok"
    docs = [s["document"] for s in note["sections"]]
    assert SYMBOL in docs and "S/2017/105" in docs
    assert docs == sorted(docs, key=["S/2017/105", SYMBOL].index)  # grouped: the library's order, then sections
    for s in note["sections"]:
        assert all(p["label"].startswith(s["document"]) for p in s["points"])
