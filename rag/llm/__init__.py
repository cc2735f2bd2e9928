"""Generated answers in the question's language, through LangChain chat models (issue 4).

    from rag.llm import make_answerer
    answerer = make_answerer("local", settings, encoders=lambda: pipeline.encoders)

Backends (`RAG_BACKEND` / `--backend`): extractive, local (llama-cpp GGUF), openai, ollama; see rag/llm/backends.py.
"""
from __future__ import annotations

from typing import Callable

from rag.config import Settings
from rag.llm.settings import BACKENDS, LlmSettings


def make_answerer(backend: str | None, settings: Settings, *, encoders: Callable[[], dict] | None = None,
                  llm: LlmSettings | None = None):
    """The answerer for a backend name (None: `settings.backend`). `encoders` returns the retriever's encoders
    (used, lazily, to verify English sentences against the Chinese passages)."""
    from rag.answer import ExtractiveAnswerer

    name = (backend or settings.backend or "extractive").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    if name == "extractive":
        return ExtractiveAnswerer(settings)
    from rag.llm.generate import GenerativeAnswerer, use_embedder

    return GenerativeAnswerer(settings, name, llm=llm, embed=use_embedder(encoders) if encoders else None)


__all__ = ["BACKENDS", "LlmSettings", "make_answerer"]
