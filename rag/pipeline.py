"""The ask pipeline: validate the question, make sure the index is there, retrieve, answer, time it."""
from __future__ import annotations

import logging
import time
from functools import cached_property
from typing import Iterator

from rag.answer import Answerer
from rag.config import Settings
from rag.corpus import load_document
from rag.glossary import Glossary
from rag.retrieve import HybridRetriever
from rag.text import strip_control
from rag.types import Answer, Document
from vectorstore import store as index_store
from vectorstore.embeddings import USEEmbeddings, load_e5

log = logging.getLogger(__name__)


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long)."""


def clean_question(question: str | None, max_chars: int) -> str:
    text = " ".join(strip_control(question or "").split())
    if not text:
        raise QuestionError("Please type a question (the question was empty).")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is too long ({len(text):,} characters; the limit is {max_chars:,}). "
            "Ask about one point at a time."
        )
    return text


class RagPipeline:
    """Loads models and index once; `ask` may then be called many times (and from several threads)."""

    def __init__(self, settings: Settings | None = None, answerer: Answerer | None = None, on_notice=None):
        self.settings = settings or Settings.from_env()
        self._answerer = answerer
        self.on_notice = on_notice or (lambda msg: log.warning("%s", msg))

    @cached_property
    def document(self) -> Document:
        return load_document(self.settings.corpus, self.settings.metadata)

    @cached_property
    def encoders(self) -> dict:
        return {"e5": load_e5(self.settings.model_dir), "use": USEEmbeddings()}

    @cached_property
    def store(self) -> index_store.IndexStore:
        s = self.settings
        sha = index_store.file_sha256(s.corpus) if s.corpus.exists() else ""
        passages = self.document.passages()  # parses (and validates) the corpus first
        try:
            return index_store.load(s.index_dir, sha, self.encoders)
        except index_store.IndexError_ as e:
            self.on_notice(f"{e}; building it now (about a minute).")
        return index_store.build(s.index_dir, passages, sha, self.encoders)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.encoders, self.settings, Glossary.load(self.settings.glossary))

    @property
    def answerer(self) -> Answerer:
        """The answerer given to the constructor, else the one `settings.backend` names (default: auto)."""
        if self._answerer is None:
            from rag.llm import make_answerer

            self._answerer = make_answerer(None, self.settings, encoders=lambda: self.encoders)
        return self._answerer

    def warm_up(self) -> None:
        """Load everything now rather than on the first question (the answerer's model too, if it has one)."""
        _ = self.retriever
        warm = getattr(self.answerer, "warm_up", None)
        if warm is not None:
            warm()

    def ask(self, question: str, answerer: Answerer | None = None) -> Answer:
        """The answer to `question` (by `answerer`, default: the pipeline's). Raises QuestionError for bad input."""
        final = None
        for item in self.stream(question, answerer):
            final = item
        return final

    def stream(self, question: str, answerer: Answerer | None = None) -> Iterator[str | Answer]:
        """Text chunks while a generative answerer writes (none for the extractive one), then the final Answer.
        The chunks are the model's raw words; only the final Answer is verified."""
        text = clean_question(question, self.settings.max_question_chars)
        answerer = answerer or self.answerer
        t0 = time.perf_counter()
        retrieval = self.retriever.retrieve(text)
        t1 = time.perf_counter()
        stream = getattr(answerer, "stream", None)
        items = stream(retrieval) if stream is not None else [answerer.answer(retrieval)]
        first = None
        for item in items:
            if isinstance(item, Answer):
                t2 = time.perf_counter()
                item.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
                if first is not None:
                    item.timings_ms["first_token"] = (first - t0) * 1000
                yield item
                return
            if first is None:
                first = time.perf_counter()
            yield item
        raise RuntimeError(f"{type(answerer).__name__} ended without an answer")
