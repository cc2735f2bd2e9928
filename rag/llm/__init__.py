"""Generated answers in the question's language, through LangChain chat models (issue 4).

    from rag.llm import make_answerer
    answerer = make_answerer("local", settings, encoders=lambda: pipeline.encoders)

Backends (`RAG_BACKEND` / `--backend`): extractive (the default), auto, local (the GGUF in this process), openai,
ollama; see rag/llm/backends.py. `auto` is the local model once `make setup-llm` has prepared it, and otherwise the
extractive answerer whose `mode` says why ("extractive (fallback: local model not prepared)"); the reason is kept in
the answerer's `unavailable` attribute for a UI or CLI to show once.
"""
from __future__ import annotations

from typing import Callable

from rag.answers.composer import Answerer

from rag.config import BACKENDS, Settings

AUTO_FALLBACK_MODE = "extractive (fallback: local model not prepared)"


def make_answerer(backend: str | None, settings: Settings, *, encoders: Callable[[], dict] | None = None) -> Answerer:
    """The answerer for a backend name (None: `settings.backend`). `encoders` returns the retriever's encoders
    (used, lazily, to verify English sentences against the Chinese passages)."""
    from rag.answers.quoted import ExtractiveAnswerer
    from rag.llm.backends import check_backend

    name = (backend or settings.backend or "auto").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    if name == "auto":
        reason = check_backend("local", settings)
        if reason:
            return ExtractiveAnswerer(settings, mode=AUTO_FALLBACK_MODE, unavailable=reason)
        name = "local"
    if name == "extractive":
        return ExtractiveAnswerer(settings)
    from rag.llm.generate import GenerativeAnswerer, use_embedder

    return GenerativeAnswerer(settings, name, embed=use_embedder(encoders) if encoders else None)


__all__ = ["AUTO_FALLBACK_MODE", "BACKENDS", "make_answerer"]
