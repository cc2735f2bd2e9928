"""The library from the command line with the index in PostgreSQL (issue 24: RAG_STORE=postgres): `add`, `ask
--doc`, `remove` as with the files, each document's store a set of rows that `remove` deletes; a server that does
not answer is one line and the configuration's exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.cli.test_library import FIXTURE, SYMBOL

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg_lib(tmp_path_factory):
    from vectorstore.postgres_store import local_server

    root = tmp_path_factory.mktemp("pg-library")
    url = local_server(root / "pgdata")
    env = {**os.environ, "RAG_LIBRARY_DIR": str(root / "library"), "RAG_INDEX_DIR": str(root / "index"),
           "RAG_MACHINE_TRANSLATION": "0", "RAG_STORE": "postgres", "RAG_STORE_URL": url}

    def run(*args, extra: dict | None = None):
        return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True,
                              env={**env, **(extra or {})}, cwd=ROOT, timeout=600)

    run.url, run.root = url, root
    return run


def keys(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [k for (k,) in conn.execute("SELECT key FROM unrag_stores ORDER BY key")]


def test_add_ask_and_remove_with_the_index_in_postgres(pg_lib):
    r = pg_lib("add", str(FIXTURE))
    assert r.returncode == 0, r.stderr
    assert keys(pg_lib.url) == ["S_2099_7"]  # adding indexes the new document only
    assert not (pg_lib.root / "index" / "S_2099_7").exists()  # no folder: rows
    only = json.loads(pg_lib("ask", "--json", "--doc", SYMBOL, "发言者呼吁建立什么样的干旱预警系统？").stdout)
    assert only["status"] == "answered" and {c["document"] for c in only["citations"]} == {SYMBOL}
    assert keys(pg_lib.url) == ["S_2017_105", "S_2099_7"]  # the project's document indexed at its first question
    r = pg_lib("remove", SYMBOL)
    assert r.returncode == 0, r.stderr
    assert keys(pg_lib.url) == ["S_2017_105"]
    a = json.loads(pg_lib("ask", "--json", "秘书长说战争是不可避免的吗？").stdout)
    assert a["status"] == "answered" and a["citations"][0]["document"] == "S/2017/105"


def test_a_server_that_does_not_answer_is_one_line(pg_lib, tmp_path):
    r = pg_lib("ask", "秘书长说战争是不可避免的吗？",
               extra={"RAG_STORE_URL": f"postgresql://postgres@/postgres?host={tmp_path}"})
    assert r.returncode == 4, r.stderr
    assert "cannot reach the PostgreSQL server" in r.stderr and "Traceback" not in r.stderr
