"""What the project reads from and writes to an index store, whatever holds it: the embedded files
(vectorstore/store.py, the default, no server) or PostgreSQL + pgvector (vectorstore/postgres_store.py).

A *store* is one document's index as retrieval reads it (`Store`: its collections, manifest, fitted parameters and
payload); a *back end* (`StoreBackend`) finds, builds and removes the stores of a library, each under a key (the
document's slug). Both back ends hold the same things: per collection (document, language, unit) the ids, the
texts, one vector per unit and encoder, the BM25 tokens of every unit; per document the manifest (what it was
built from, compared at load), the parameters it was built with and the caller's payload (machine translations).

Errors, the same for both back ends:
    IndexError_          the store is missing, stale or damaged: it can be rebuilt (`load`, `Store.check`)
    IndexLocationError   the store cannot be written (a folder that is not ours, an unwritable place, a database
                         that refuses the write); nothing was changed
    StoreUnavailable     the back end cannot be reached at all (a database URL that does not answer); a rebuild
                         would not help, the operator must fix the setting
"""
from __future__ import annotations

from typing import Callable, Mapping, Protocol, Sequence, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from vectorstore.bm25_index import BM25Index, BM25Params
from vectorstore.store import CollectionSpec, IndexError_, IndexLocationError

Tokenizer = Callable[[str], list[str]]

__all__ = ["StoreCollection", "Store", "StoreBackend", "StoreUnavailable", "IndexError_", "IndexLocationError"]


class StoreUnavailable(IndexLocationError):
    """The back end cannot be reached (e.g. RAG_STORE_URL names a server that does not answer). An
    IndexLocationError: whatever reports that one (the CLI's configuration exit, the server's start) reports this."""


@runtime_checkable
class StoreCollection(Protocol):
    """One collection (e.g. a document's Chinese sentences): units in a fixed order."""

    name: str
    ids: list[str]
    texts: list[str]

    @property
    def bm25(self) -> BM25Index:
        """BM25 over the stored tokens of every unit, in `ids` order."""
        ...

    def dense(self, encoder: str, vector: Sequence[float]) -> np.ndarray:
        """The similarity (inner product of normalised vectors: cosine) of `vector` to EVERY unit, in `ids` order,
        as float32. Raises KeyError for an encoder the store was not built with; StoreUnavailable when the back
        end cannot be reached."""
        ...


@runtime_checkable
class Store(Protocol):
    """One document's index."""

    payload: dict
    manifest: dict
    params: dict

    def __getitem__(self, name: str) -> StoreCollection:
        """The collection `name`; KeyError when there is none."""
        ...

    def __contains__(self, name: str) -> bool: ...

    def check(self, specs: list[CollectionSpec]) -> None:
        """Raise IndexError_ unless the store holds exactly these collections, ids and texts."""
        ...


@runtime_checkable
class StoreBackend(Protocol):
    """Where a library's stores live. `key`: the document's slug (a folder name for the files back end)."""

    name: str  # "files" or "postgres"

    def load(self, key: str, manifest: dict, encoders: Mapping[str, Embeddings], bm25: BM25Params) -> Store:
        """The store under `key`. Raises IndexError_ when it is missing, stale (a manifest key, the BM25
        parameters or the encoders differ) or damaged (content that does not match its checksums);
        StoreUnavailable when the back end cannot be reached."""
        ...

    def build(self, key: str, specs: list[CollectionSpec], encoders: Mapping[str, Embeddings],
              tokenizers: Mapping[str, Tokenizer], *, manifest: dict, bm25: BM25Params, params: dict | None = None,
              payload: dict | None = None, show_progress: bool = True) -> Store:
        """Embed and index `specs` and replace the store under `key` as one step: an interrupted build leaves the
        previous store serving. Raises IndexLocationError when it cannot be written (nothing changed),
        StoreUnavailable when the back end cannot be reached."""
        ...

    def remove(self, key: str) -> None:
        """Delete the store under `key` (nothing when there is none) as one step."""
        ...

    def read_payload(self, key: str) -> dict:
        """The payload of the store under `key`, even a stale one; {} when there is none or it is unreadable."""
        ...

    def close(self) -> None:
        """Release connections (and stop a server the back end started itself)."""
        ...
