"""LangChain FAISS vector stores, persisted without pickles: the FAISS index file plus a JSON docstore."""
from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
from langchain_community.docstore.in_memory import InMemoryDocstore
from langchain_community.vectorstores import FAISS
from langchain_community.vectorstores.utils import DistanceStrategy
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings


def build(docs: list[Document], vectors: np.ndarray, embedding: Embeddings) -> FAISS:
    """A cosine-similarity store (vectors are L2-normalised, so inner product is cosine), from a float32 matrix (one
    row per document): the vectors go into FAISS as they are, never as Python lists of floats."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1] if vectors.ndim == 2 and vectors.shape[0] else 1)
    if len(docs):
        index.add(vectors)
    docstore = InMemoryDocstore({d.id: d for d in docs})
    return FAISS(embedding, index, docstore, {i: d.id for i, d in enumerate(docs)},
                 distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT)


def save(store: FAISS, path: Path) -> None:
    """Write `<path>.faiss` and `<path>.docstore.json`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    faiss.write_index(store.index, str(path.with_suffix(".faiss")))
    rows = []
    for i in range(store.index.ntotal):
        doc_id = store.index_to_docstore_id[i]
        doc = store.docstore.search(doc_id)
        rows.append({"id": doc_id, "text": doc.page_content, "metadata": doc.metadata})
    path.with_suffix(".docstore.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def load(path: Path, embedding: Embeddings) -> FAISS:
    index = faiss.read_index(str(path.with_suffix(".faiss")))
    rows = json.loads(path.with_suffix(".docstore.json").read_text(encoding="utf-8"))
    if len(rows) != index.ntotal:
        raise ValueError(f"{path}: {index.ntotal} vectors but {len(rows)} documents")
    docstore = InMemoryDocstore({r["id"]: Document(id=r["id"], page_content=r["text"], metadata=r["metadata"]) for r in rows})
    return FAISS(
        embedding, index, docstore, {i: r["id"] for i, r in enumerate(rows)},
        distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT,
    )


def scores_in_order(store: FAISS, query_vector: list[float]) -> np.ndarray:
    """Cosine similarity of the query to every stored document, in the order they were added (one exhaustive
    FAISS search; faster than LangChain's per-document results, which the caller would re-order anyway)."""
    return index_scores_in_order(store.index, query_vector)


def flat_index(matrix: np.ndarray) -> faiss.IndexFlatIP:
    """An exact inner-product index of the rows of `matrix` (float32), in their order."""
    index = faiss.IndexFlatIP(matrix.shape[1] if matrix.ndim == 2 and matrix.shape[1] else 1)
    if len(matrix):
        index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    return index


def index_scores_in_order(index: faiss.Index, query_vector: list[float]) -> np.ndarray:
    """The inner product of the query with every vector of a flat FAISS index, in the order they were added."""
    n = index.ntotal
    out = np.zeros(n, dtype=np.float32)
    if n:
        q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
        scores, positions = index.search(q, n)
        out[positions[0]] = scores[0]
    return out
