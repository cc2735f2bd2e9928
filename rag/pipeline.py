"""One path for a question: every stage, in order, in `RagPipeline.stream` (clean -> analyse -> retrieve in
`retrieve`, then decide -> compose -> verify in `stream_from`).

    clean     rag/analysis/clean.py       the question as text the stages can read, or a QuestionError
    analyse   rag/analysis/query.py       language, search tokens, topic words, names, numbers, kind of answer asked
    retrieve  rag/retrieval/retriever.py  every passage and sentence of every version scored (top_k kept for the answer)
    decide    rag/answers/decide.py       the sentences an answer would quote, and answer or refuse (once)
    compose   rag/answers/quoted.py       the composer writes text and citations for the decided retrieval
              rag/llm/generate.py         (or a chat model writes them, every sentence checked against its source)
    verify    rag/answers/verify.py       every answer, quoted or generated: quotes verbatim, markers point to them
    -> Answer                             rag/types/answers.py (`to_dict`: the JSON contract)

`RagPipeline` also holds what the stages need, loaded once: the document's versions (rag/documents), the encoders,
the index (rag/retrieval/index.py) and the default composer (`settings.backend`). Conversations
(rag/conversation) and briefing notes (rag/brief) run on the same stages.
"""
from __future__ import annotations

import logging
import time
from functools import cached_property
from typing import Callable, Iterator

from rag.analysis.clean import QuestionError, clean_question
from rag.analysis.query import analyze
from rag.answers.composer import Composer, not_found, refusal_mode
from rag.answers.decide import decide
from rag.answers.verify import verify
from rag.config import Settings
from rag.documents.load import load_all_versions
from rag.retrieval.index import open_index
from rag.retrieval.retriever import HybridRetriever
from rag.types import Answer, Decision, Document, DocumentVersions, Retrieval
from vectorstore.embeddings import Encoder, USEEmbeddings, load_e5
from vectorstore.store import IndexStore

log = logging.getLogger(__name__)

__all__ = ["QuestionError", "RagPipeline"]


class RagPipeline:
    """Loads models and index once; `ask`/`stream` may then be called many times (and from several threads)."""

    def __init__(self, settings: Settings | None = None, composer: Composer | None = None,
                 on_notice: Callable[[str], None] | None = None):
        self.settings = settings or Settings.from_env()
        self._composer = composer
        self.on_notice = on_notice or (lambda msg: log.warning("%s", msg))
        self._payload: dict = {}

    # -- what the stages need, loaded once ---------------------------------------------------------------
    @cached_property
    def versions(self) -> DocumentVersions:
        """The document in every language version (rag/documents/load.py); machine versions are kept in the
        index's payload, which the index build stores."""
        versions, self._payload = load_all_versions(self.settings, self.on_notice)
        return versions

    @property
    def document(self) -> Document:
        """The authoritative original version."""
        return self.versions.original

    @cached_property
    def encoders(self) -> dict[str, Encoder]:
        return {"e5": load_e5(self.settings.model_dir), "use": USEEmbeddings()}

    @cached_property
    def store(self) -> IndexStore:
        versions = self.versions  # parses (and validates) the corpus first
        return open_index(self.settings, versions, self.encoders, on_notice=self.on_notice, payload=self._payload)

    def rebuild_index(self) -> IndexStore:
        """Build the index again even if it is up to date (`python -m rag index --rebuild`)."""
        self.__dict__["store"] = open_index(self.settings, self.versions, self.encoders, on_notice=self.on_notice,
                                            payload=self._payload, rebuild=True)
        self.__dict__.pop("retriever", None)
        return self.store

    @cached_property
    def retriever(self) -> HybridRetriever:
        store = self.store  # built (with every core) before answering starts
        for encoder in self.encoders.values():
            encoder.threads = self.settings.retrieval.query_threads
            encoder.warm_up()  # the first question must not wait for a model (nor 50 first questions at once)
        return HybridRetriever(store, self.encoders, self.versions, self.settings.retrieval)

    @property
    def composer(self) -> Composer:
        """The composer given to the constructor, else the one `settings.backend` names."""
        if self._composer is None:
            from rag.answers.modes import make_composer

            self._composer = make_composer(None, self.settings, encoders=lambda: self.encoders)
        return self._composer

    def with_settings(self, settings: Settings) -> "RagPipeline":
        """A pipeline with other settings (refitted fusion weights or answerability model, in cross-validation)
        that shares this one's loaded document, encoders and index."""
        other = RagPipeline(settings, self._composer, self.on_notice)
        other.__dict__.update(versions=self.versions, encoders=self.encoders, store=self.store)
        other._payload = self._payload
        return other

    def warm_up(self) -> None:
        """Load everything now rather than on the first question (the composer's model too, if it has one)."""
        _ = self.retriever
        self.composer.warm_up()

    # -- the stages ---------------------------------------------------------------------------------------
    def retrieve(self, question: str | None, top_k: int | None = None, max_chars: int | None = None,
                 what: str = "question") -> Retrieval:
        """clean -> analyse -> retrieve. Raises QuestionError for a question that cannot be asked."""
        text = clean_question(question, max_chars or self.settings.question.max_chars, what)
        query = analyze(text, self.settings.retrieval.max_tagged_chars)
        return self.retriever.retrieve(query, top_k)

    def decide(self, retrieval: Retrieval) -> Decision:
        """decide: answer or refuse, once per question."""
        return decide(retrieval, self.settings)

    def compose(self, decision: Decision, composer: Composer) -> Iterator[str | Answer]:
        """compose: the refusal, or the composer's chunks and then its answer (not yet verified)."""
        if not decision.answerable:
            yield not_found(decision, refusal_mode(composer), self.settings.answerability.closest_passages)
            return
        yield from composer.compose(decision)

    def stream(self, question: str, composer: Composer | None = None, top_k: int | None = None
               ) -> Iterator[str | Answer]:
        """One question through every stage: text chunks while a generative composer writes (none for quoted
        answers), then the final, verified Answer. Raises QuestionError for bad input."""
        t0 = time.perf_counter()
        retrieval = self.retrieve(question, top_k)
        yield from self.stream_from(retrieval, composer, t0)

    def stream_from(self, retrieval: Retrieval, composer: Composer | None = None, started: float | None = None
                    ) -> Iterator[str | Answer]:
        """decide -> compose -> verify for a retrieval already made (`started`: when its question came in)."""
        composer = composer or self.composer
        t1 = time.perf_counter()
        t0 = t1 if started is None else started
        decision = self.decide(retrieval)
        first = None
        for item in self.compose(decision, composer):
            if isinstance(item, Answer):
                answer = verify(item)
                t2 = time.perf_counter()
                answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000,
                                     "total": (t2 - t0) * 1000}
                if first is not None:
                    answer.timings_ms["first_token"] = (first - t0) * 1000
                yield answer
                return
            if first is None:
                first = time.perf_counter()
            yield item
        raise RuntimeError(f"{type(composer).__name__} ended without an answer")

    def ask(self, question: str, composer: Composer | None = None, top_k: int | None = None) -> Answer:
        """The final answer of `stream`."""
        return _last(self.stream(question, composer, top_k))

    def answer_from(self, retrieval: Retrieval, composer: Composer | None = None) -> Answer:
        """The final answer of `stream_from`."""
        return _last(self.stream_from(retrieval, composer))


def _last(items: Iterator[str | Answer]) -> Answer:
    final = None
    for item in items:
        final = item
    return final
