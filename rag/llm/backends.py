"""Chat models behind one LangChain interface (`BaseChatModel`), picked by name: local, openai, ollama.

* `local`: the GGUF that `make setup-llm` assembles, run in this process by xllamacpp (a prebuilt llama.cpp wheel;
  `rag/llm/xllama.py`, LangChain's chat-model interface; the chat template comes from the GGUF's metadata). Chosen
  over the compiled llama-cpp-python (README, "LLM runtime"): it installs in seconds with no compiler, at the same
  speed within 10%. The model is loaded once per process and shared.
* `openai`: any OpenAI-compatible endpoint (`langchain_openai.ChatOpenAI`; RAG_OPENAI_BASE_URL / _MODEL / _API_KEY).
* `ollama`: an Ollama server (`langchain_ollama.ChatOllama`; RAG_OLLAMA_URL / RAG_OLLAMA_MODEL).

Remote clients get a connect timeout (`settings.llm.connect_timeout`, 3 s) and a read timeout (`llm.timeout`) and no retries,
so an unreachable endpoint fails fast and the composer falls back to the quoted answer.
"""
from __future__ import annotations

import importlib.util
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

from langchain_core.language_models import BaseChatModel

from rag.config import BACKENDS, Settings
from rag.llm.breaker import CircuitBreaker

GENERATIVE = ("local", "openai", "ollama")
_PACKAGES = {"local": ("xllamacpp", "xllamacpp"), "openai": ("langchain_openai", "langchain-openai"),
             "ollama": ("langchain_ollama", "langchain-ollama")}


class BackendUnavailable(RuntimeError):
    """The backend cannot be used here (model file not prepared, package missing, unknown name)."""


def check_backend(name: str, settings: Settings) -> str | None:
    """Why `name` cannot be used right now (cheap: no model is loaded, no network), or None."""
    if name not in BACKENDS:
        return f"unknown backend {name!r} (choose one of: {', '.join(BACKENDS)})"
    if name == "extractive":
        return None
    module, package = _PACKAGES[name]
    if importlib.util.find_spec(module) is None:
        if name == "local":
            return f"the local model is not prepared (its runtime, {package}, is not installed; run `make setup-llm`)"
        return f"the {name} backend needs the Python package {package} (pip install {package})"
    if name == "local" and not settings.llm.model_path.is_file():
        return f"the local model is not prepared ({settings.llm.model_path.name} is missing; run `make setup-llm`)"
    return None


def local_model_id(settings: Settings) -> str | None:
    """What identifies the local model (its file name and size), or None when it cannot be used here."""
    if check_backend("local", settings):
        return None
    return f"{settings.llm.model_path.name}:{settings.llm.model_path.stat().st_size}"


def _timeout(settings: Settings):
    import httpx

    # read: the longest silence, before the first words or between two pieces of the reply
    return httpx.Timeout(settings.llm.timeout, connect=settings.llm.connect_timeout, read=settings.llm.first_token_timeout)


@lru_cache(maxsize=2)
def _local_model(path: str, threads: int, context: int, max_tokens: int, temperature: float,
                 repeat_penalty: float) -> BaseChatModel:
    from rag.llm.xllama import ChatXLlamaCpp

    return ChatXLlamaCpp(model_path=path, n_ctx=context, n_threads=threads, max_tokens=max_tokens,
                         temperature=temperature, top_p=1.0, repeat_penalty=repeat_penalty, seed=0).load()


_local_lock = threading.Lock()
# One llama.cpp model is shared by the whole process and serves one generation at a time (answers and rewrites).
_generation_lock = threading.RLock()


def is_local(model: BaseChatModel) -> bool:
    """Whether `model` is the in-process llama.cpp model."""
    from rag.llm.xllama import ChatXLlamaCpp

    return isinstance(model, ChatXLlamaCpp)


class ModelBusy(TimeoutError):
    """The local model is still writing another answer."""


@contextmanager
def generation_lock(model: BaseChatModel, timeout: float | None = None) -> Iterator[None]:
    """Hold the shared local model while it generates (remote backends need no lock); raises ModelBusy when it is
    not free within `timeout` seconds."""
    if not is_local(model):
        yield
        return
    if not _generation_lock.acquire(timeout=-1 if timeout is None else timeout):
        raise ModelBusy(f"the local model is busy with another answer (waited {timeout:g} s)")
    try:
        yield
    finally:
        _generation_lock.release()


# Keyed by what a breaker depends on: the backend and the thresholds it was made with (two Settings objects with
# other thresholds get breakers of their own).
_breakers: dict[tuple[str, int, float], CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def reset_breakers() -> None:
    """Forget every backend's failures (a new configuration, or a test that starts afresh)."""
    with _breakers_lock:
        _breakers.clear()


def breaker_for(backend: str, settings: Settings) -> CircuitBreaker:
    """The circuit breaker of a backend with these thresholds, shared by every composer of this process that uses
    it with the same ones."""
    key = (backend, settings.llm.breaker_failures, settings.llm.breaker_cooldown)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(*key[1:])
        return _breakers[key]


def _openai_extra_body(settings: Settings) -> dict | None:
    """Also send the legacy `max_tokens` to OpenAI-compatible servers other than OpenAI's own.

    langchain-openai renames `max_tokens` to `max_completion_tokens`, which llama-cpp-python's server (0.3.x), older
    llama.cpp servers and llamafile ignore: the reply was then only bounded by the context window (a real
    llama_cpp.server generated 291 tokens with max_tokens=8). OpenAI's own API rejects `max_tokens` for its reasoning
    models, so it gets only `max_completion_tokens`."""
    from urllib.parse import urlparse

    host = (urlparse(settings.openai.base_url).hostname or "").lower()
    if host == "openai.com" or host.endswith(".openai.com"):
        return None
    return {"max_tokens": settings.llm.max_tokens}


def make_chat_model(name: str, settings: Settings | None = None) -> BaseChatModel:
    """A LangChain chat model for backend `name`; raises BackendUnavailable when it cannot be built here."""
    settings = settings or Settings.from_env()
    reason = check_backend(name, settings)
    if name == "extractive":
        reason = "the extractive backend has no chat model"
    if reason:
        raise BackendUnavailable(reason)
    if name == "local":
        with _local_lock:
            try:
                g = settings.llm
                return _local_model(str(g.model_path), g.threads, g.context, g.max_tokens, g.temperature,
                                    g.repeat_penalty)
            except Exception as e:  # a corrupt or truncated file
                raise BackendUnavailable(f"the local model could not be loaded: {e}") from e
    if name == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.openai.base_url,
            model=settings.openai.model,
            api_key=settings.openai.api_key or "not-needed",
            temperature=settings.llm.temperature,
            max_tokens=settings.llm.max_tokens,  # sent as `max_completion_tokens` by langchain-openai >= 0.3
            extra_body=_openai_extra_body(settings),
            timeout=_timeout(settings),
            max_retries=0,
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        base_url=settings.ollama.url,
        model=settings.ollama.model,
        temperature=settings.llm.temperature,
        num_predict=settings.llm.max_tokens,
        client_kwargs={"timeout": _timeout(settings)},
    )
