"""The one place the API calls into the `rag` library: plain functions over a `RagPipeline` that return plain
dicts (the JSON contract of `ask --json`, briefing notes, outlines, passages). REST, OpenAI-compatible and MCP
handlers use only this module, so that the library's internals can change behind it.

Written by hand: thin glue. `_plain` accepts the library's typed turns and answers (`.to_dict()`) as well as
plain dicts.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Iterator

from rag import brief as briefing
from rag.analysis.clean import QuestionError, clean_question
from rag.analysis.text import detect_language
from rag.answers.modes import make_composer
from rag.conversation.history import previous_questions
from rag.conversation.turn import stream_turn
from rag.llm.backends import check_backend
from rag.pipeline import RagPipeline
from rag.types import Turn, hit_to_dict

log = logging.getLogger(__name__)

TopicError = briefing.TopicError
__all__ = ["BackendUnavailable", "CheckUnavailable", "QuestionError", "TopicError", "UnknownDocument", "ask", "brief", "list_documents",
           "outline", "question_problem", "search", "stream"]

_answerers: dict[tuple[int, str], Any] = {}
_answerers_lock = threading.Lock()


class BackendUnavailable(RuntimeError):
    """The asked answer backend cannot run here (its model is not prepared, its package missing)."""


class CheckUnavailable(BackendUnavailable):
    """The answer check was asked for and the local model is not prepared here."""


class UnknownDocument(ValueError):
    """A document id that the library does not hold."""


def _plain(answer: Any) -> dict:
    return answer if isinstance(answer, dict) else answer.to_dict()


def language_of(text: str) -> str:
    """'zh' or 'en': the language a question or topic is written in."""
    return detect_language(text or "")


def question_problem(pipeline: RagPipeline, question: Any) -> str | None:
    """Why a question cannot be asked: 'empty', 'too_long', 'not_text', or None."""
    try:
        clean_question(question, max_chars(pipeline))
    except QuestionError:
        if not isinstance(question, str):
            return "not_text"
        text = " ".join(question.split())
        if not text:
            return "empty"
        return "too_long" if len(text) > max_chars(pipeline) else "not_text"
    return None


def max_chars(pipeline: RagPipeline) -> int:
    return pipeline.settings.question.max_chars


def composer(pipeline: RagPipeline, backend: str | None):
    """The composer for `backend` (None: the pipeline's own), made once per backend."""
    if backend is None:
        return pipeline.composer
    name = backend.strip().lower()
    reason = check_backend(name, pipeline.settings)
    if reason:
        raise BackendUnavailable(reason)
    own = pipeline.composer
    if name == getattr(own, "backend", None) or (name == "extractive" and own.mode == "extractive"):
        return own
    with _answerers_lock:
        key = (id(pipeline), name)
        if key not in _answerers:
            _answerers[key] = make_composer(name, pipeline.settings, encoders=lambda: pipeline.encoders)
        return _answerers[key]


def checked(pipeline: RagPipeline, check: bool | None) -> RagPipeline:
    """The pipeline whose decisions the local model checks (`check` True), does not (False), or as the server is
    set (None). Raises CheckUnavailable when the check is asked for and the local model is not prepared."""
    if check is None:
        return pipeline
    reason = check_backend("local", pipeline.settings) if check else None
    if reason:
        raise CheckUnavailable(f"the answer check needs the local model: {reason}")
    return pipeline.with_check(check)


def _check_documents(pipeline: RagPipeline, documents: list[str] | None) -> None:
    known = set(pipeline.library)
    unknown = [d for d in documents or [] if d not in known]
    if unknown:
        raise UnknownDocument(f"unknown document {unknown[0]!r}; this server holds {', '.join(sorted(known))}")


def stream(pipeline: RagPipeline, question: str, history: Any = None, top_k: int | None = None,
           backend: str | None = None, documents: list[str] | None = None, check: bool | None = None
           ) -> Iterator[str | dict]:
    """Text chunks while a generative answerer writes (unverified), then the final answer (the JSON contract);
    `check`: whether the local model checks the answer (`checked`; None: as the server is set)."""
    _check_documents(pipeline, documents)
    pipeline = checked(pipeline, check)
    chosen = composer(pipeline, backend)
    turns = [Turn(q, None) for q in previous_questions(history)]
    k = min(max(1, int(top_k)), pipeline.settings.retrieval.max_top_k) if top_k else None
    for item in stream_turn(pipeline, question, turns, chosen, k, documents or None):
        yield item if isinstance(item, str) else _plain(item)


def ask(pipeline: RagPipeline, question: str, history: Any = None, top_k: int | None = None,
        backend: str | None = None, documents: list[str] | None = None, check: bool | None = None) -> dict:
    """The answer as `ask --json` prints it. Raises QuestionError, BackendUnavailable, UnknownDocument."""
    final: dict = {}
    for item in stream(pipeline, question, history, top_k, backend, documents, check):
        if isinstance(item, dict):
            final = item
    return final


def brief(pipeline: RagPipeline, topic: str, documents: list[str] | None = None) -> dict:
    """A cited briefing note on a topic ({"topic", "language", "status", "document", "sections"}) over `documents`
    (default: the whole library). Raises TopicError, UnknownDocument."""
    _check_documents(pipeline, documents)
    return briefing.to_dict(briefing.brief(pipeline, topic, documents or None))


def outline(pipeline: RagPipeline, language: str | None = None) -> dict:
    """The document's structure in one language version, as `outline --json` prints it. Raises UnknownDocument."""
    doc = pipeline.versions.version(language) if language else pipeline.document
    if doc is None:
        raise UnknownDocument(f"no {language!r} version; available: {', '.join(pipeline.versions.languages)}")
    return {"documents": [doc.to_dict()]}


def search(pipeline: RagPipeline, query: str, top_k: int = 5) -> list[dict]:
    """The passages that best match `query`, best first, each with its fused score and citation label."""
    hits = pipeline.retrieve(query).hits[: max(1, int(top_k))]
    return [hit_to_dict(h) | {"label": h.passage.label} for h in hits]


def list_documents(pipeline: RagPipeline) -> list[dict]:
    """The documents of the library this server answers about, each with its language versions."""
    out = []
    for versions in pipeline.library.values():
        doc = versions.original
        out.append({"id": doc.id, "title": doc.title, "date": doc.date, "language": doc.language,
                    "kind": getattr(doc, "kind", None), "passages": len(doc.passages()),
                    "versions": [{"language": v.language, "provenance": v.provenance, "title": v.title}
                                 for v in (versions.original, *versions.translations)]})
    return out


WARM_UP_QUESTIONS = ("秘书长说战争是不可避免的吗？", "Who bears the primary responsibility for ending conflicts?")


def warm_up(pipeline: RagPipeline) -> None:
    """Models loaded, and one question asked in each language: the first question pays for work done once
    (jieba's dictionary, the retriever's tables: 1.4 s of CPU), which 50 first questions at once must not wait on."""
    pipeline.warm_up()
    for question in WARM_UP_QUESTIONS:
        ask(pipeline, question)


def batch_query_embeddings(pipeline: RagPipeline, max_batch: int) -> None:
    """Let concurrent questions share their query encoders' passes (vectorstore/batching.py)."""
    from vectorstore.batching import BatchingEncoder

    encoders = pipeline.retriever.encoders
    for name, encoder in list(encoders.items()):
        if not isinstance(encoder, BatchingEncoder) and hasattr(encoder, "embed_queries"):
            encoders[name] = BatchingEncoder(encoder, max_batch)
