"""Generated answers in the question's language, through LangChain chat models (issue 4).

    from rag.llm import make_answerer
    answerer = make_answerer("local", settings, encoders=lambda: pipeline.encoders)

Backends (`RAG_BACKEND` / `--backend`): auto (the default), extractive, local (llama-cpp GGUF), openai, ollama; see
rag/llm/backends.py. `auto` is the local model once `make setup-llm` has prepared it, and otherwise the extractive
answerer whose `mode` says why ("extractive (fallback: local model not prepared)"); the reason is kept in the
answerer's `unavailable` attribute for a UI or CLI to show once.
"""
from __future__ import annotations

from typing import Callable

from rag.config import Settings
from rag.llm.settings import BACKENDS, LlmSettings

AUTO_FALLBACK_MODE = "extractive (fallback: local model not prepared)"


def make_answerer(backend: str | None, settings: Settings, *, encoders: Callable[[], dict] | None = None,
                  llm: LlmSettings | None = None):
    """The answerer for a backend name (None: `settings.backend`). `encoders` returns the retriever's encoders
    (used, lazily, to verify English sentences against the Chinese passages)."""
    from rag.answer import ExtractiveAnswerer
    from rag.llm.backends import check_backend

    name = (backend or settings.backend or "auto").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    llm = llm or LlmSettings.from_env()
    if name == "auto":
        reason = check_backend("local", llm)
        if reason:
            answerer = ExtractiveAnswerer(settings)
            answerer.mode = AUTO_FALLBACK_MODE
            answerer.unavailable = reason
            return answerer
        name = "local"
    if name == "extractive":
        return ExtractiveAnswerer(settings)
    from rag.llm.generate import GenerativeAnswerer, use_embedder

    return GenerativeAnswerer(settings, name, llm=llm, embed=use_embedder(encoders) if encoders else None)


__all__ = ["AUTO_FALLBACK_MODE", "BACKENDS", "LlmSettings", "make_answerer"]
