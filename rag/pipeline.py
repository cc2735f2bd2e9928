"""One path for a question: every stage, in order, in `RagPipeline.stream` (clean -> analyse -> retrieve in
`retrieve`, then decide -> compose -> verify in `stream_from`).

    clean     rag/analysis/clean.py       the question as text the stages can read, or a QuestionError
    analyse   rag/analysis/query.py       normalised (normalise.py); language, search tokens, topic words, names,
                                          numbers, kind of answer asked; a question in parts (parts.py) is
                                          answered part by part, each part through every stage below
    retrieve  rag/retrieval/retriever.py  every passage and sentence of every version scored (top_k kept for the answer)
    decide    rag/answers/decide.py       the sentences an answer would quote, and answer or refuse (once)
    compose   rag/answers/quoted.py       the composer writes text and citations for the decided retrieval
              rag/llm/generate.py         (or a chat model writes them, every sentence checked against its source)
    verify    rag/answers/verify.py       every answer, quoted or generated: quotes verbatim, markers point to them
    -> Answer                             rag/types/answers.py (`to_dict`: the JSON contract)

`RagPipeline` also holds what the stages need, loaded once: the library's documents in their versions
(rag/documents), the encoders, one index per document (rag/retrieval/index.py) and the default composer
(`settings.backend`). Conversations (rag/conversation) and briefing notes (rag/brief) run on the same stages.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from functools import cached_property
from typing import Callable, Iterator, Sequence

from rag.analysis.clean import QuestionError, clean_question
from rag.analysis.parts import question_parts
from rag.analysis.query import analyze
from rag.answers.composer import Composer, not_found, refusal_mode
from rag.answers.decide import decide
from rag.answers.parts import join_parts
from rag.answers.verify import verify
from rag.config import Settings
from rag.documents.load import LoadedDocument, load_library
from rag.retrieval.document_index import DocumentIndex
from rag.retrieval.index import open_index
from rag.retrieval.retriever import HybridRetriever
from rag.retrieval.speakers import narrowed_as
from rag.types import Answer, Decision, Document, DocumentVersions, Retrieval
from vectorstore.embeddings import Encoder, USEEmbeddings, load_e5
from vectorstore.protocol import Store

log = logging.getLogger(__name__)

__all__ = ["QuestionError", "RagPipeline"]


class RagPipeline:
    """Loads models and index once; `ask`/`stream` may then be called many times (and from several threads)."""

    def __init__(self, settings: Settings | None = None, composer: Composer | None = None,
                 on_notice: Callable[[str], None] | None = None, translate: bool = False):
        """`translate`: make the machine versions a document lacks with the local model while loading (`python -m
        rag index` does, with progress; a pipeline that answers never does: it uses the machine versions already
        kept in the index, and the encoders cross languages for the rest)."""
        self.settings = settings or Settings.from_env()
        self._composer = composer
        self.on_notice = on_notice or (lambda msg: log.warning("%s", msg))
        self.translate = translate

    # -- what the stages need, loaded once ---------------------------------------------------------------
    @cached_property
    def loaded(self) -> list[LoadedDocument]:
        """Every document of the library in its versions (rag/documents/load.py), the project's first; machine
        versions are kept in each document's index payload."""
        return load_library(self.settings, self.on_notice, translate=self.translate)

    @property
    def library(self) -> dict[str, DocumentVersions]:
        """Symbol -> the document in its versions, in library order."""
        return {d.versions.id: d.versions for d in self.loaded}

    @property
    def versions(self) -> DocumentVersions:
        """The project's own document (S/2017/105) in its versions."""
        return self.loaded[0].versions

    @property
    def document(self) -> Document:
        """The project's document's authoritative original version."""
        return self.versions.original

    @cached_property
    def encoders(self) -> dict[str, Encoder]:
        return {"e5": load_e5(self.settings.model_dir), "use": USEEmbeddings()}

    @cached_property
    def stores(self) -> dict[str, Store]:
        """Symbol -> its document's index (built where missing or stale; only that document is indexed)."""
        return {d.versions.id: open_index(self.settings, d.versions, self.encoders, on_notice=self.on_notice,
                                          payload=d.payload) for d in self.loaded}

    @property
    def store(self) -> Store:
        """The project's document's index."""
        return self.stores[self.versions.id]

    def rebuild_index(self) -> dict[str, Store]:
        """Build every document's index again even if it is up to date (`python -m rag index --rebuild`)."""
        self.__dict__["stores"] = {d.versions.id: open_index(self.settings, d.versions, self.encoders,
                                                             on_notice=self.on_notice, payload=d.payload, rebuild=True)
                                   for d in self.loaded}
        self.__dict__.pop("retriever", None)
        return self.stores

    @cached_property
    def retriever(self) -> HybridRetriever:
        stores = self.stores  # built (with every core) before answering starts
        for encoder in self.encoders.values():
            encoder.threads = self.settings.retrieval.query_threads
            encoder.warm_up()  # the first question must not wait for a model (nor 50 first questions at once)
        docs = [DocumentIndex(d.versions, stores[d.versions.id]) for d in self.loaded]
        return HybridRetriever(docs, self.encoders, self.settings.retrieval)

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
        other = RagPipeline(settings, self._composer, self.on_notice, self.translate)
        other.__dict__.update(loaded=self.loaded, encoders=self.encoders, stores=self.stores)
        return other

    def with_check(self, on: bool) -> "RagPipeline":
        """This pipeline, or (made once) one whose decisions the local model checks (`on`) or does not
        (`answerability.llm_check`, rag/llm/check.py), sharing everything loaded, the retriever included."""
        if on == self.settings.answerability.llm_check:
            return self
        siblings = self.__dict__.setdefault("_with_check", {})
        if on not in siblings:
            settings = replace(self.settings, answerability=replace(self.settings.answerability, llm_check=on))
            other = self.with_settings(settings)
            other.__dict__["retriever"] = self.retriever
            siblings[on] = other
        return siblings[on]

    def warm_up(self) -> None:
        """Load everything now rather than on the first question (the composer's model too, if it has one)."""
        _ = self.retriever
        self.composer.warm_up()

    # -- the stages ---------------------------------------------------------------------------------------
    def retrieve(self, question: str | None, top_k: int | None = None, max_chars: int | None = None,
                 what: str = "question", documents: Sequence[str] | None = None) -> Retrieval:
        """clean -> analyse -> retrieve (over `documents`, default all). Raises QuestionError for a question that
        cannot be asked or a document symbol the library does not hold."""
        text = clean_question(question, max_chars or self.settings.question.max_chars, what)
        query = analyze(text, self.settings.retrieval.max_tagged_chars)
        try:
            return self.retriever.retrieve(query, top_k, documents)
        except KeyError as e:
            raise QuestionError(f"The library holds no document {e.args[0]}; `python -m rag list` shows what "
                                "it holds.") from None

    def decide(self, retrieval: Retrieval) -> Decision:
        """decide: answer or refuse, once per question; with `answerability.llm_check`, a decided answer is also
        checked by the local model (rag/llm/check.py), which may refuse it."""
        decision = decide(retrieval, self.settings)
        if not (decision.answerable and self.settings.answerability.llm_check):
            return decision
        from rag.llm.check import check_decision

        return check_decision(decision, self.settings)

    def compose(self, decision: Decision, composer: Composer) -> Iterator[str | Answer]:
        """compose: the refusal, or the composer's chunks and then its answer (not yet verified)."""
        if not decision.answerable:
            yield not_found(decision, refusal_mode(composer), self.settings.answerability.closest_passages)
            return
        yield from composer.compose(decision)

    def stream(self, question: str, composer: Composer | None = None, top_k: int | None = None,
               documents: Sequence[str] | None = None, parts: bool = True) -> Iterator[str | Answer]:
        """One question through every stage: text chunks while a generative composer writes (none for quoted
        answers), then the final, verified Answer. Raises QuestionError for bad input.

        A question in parts (rag/analysis/parts.py) gets quoted answers part by part: each part retrieved, decided
        and composed on its own, joined with a line for each part the document does not address
        (rag/answers/parts.py; `parts` in the JSON). A generative composer answers the whole question at once, and
        `parts=False` (a conversation's combined search) never splits."""
        t0 = time.perf_counter()
        retrieval = self.retrieve(question, top_k, documents=documents)
        if parts and not (composer or self.composer).generative:
            answer = self._answer_in_parts(retrieval, composer, top_k, t0, documents)
            if answer is not None:
                yield answer
                return
        yield from self.stream_from(retrieval, composer, t0)

    def _answer_in_parts(self, retrieval: Retrieval, composer: Composer | None, top_k: int | None, t0: float,
                         documents: Sequence[str] | None = None) -> Answer | None:
        """The part-by-part answer of a question in two or more parts of which the document answers one at least;
        None for a question of one part, or when no part is answered (the whole question's refusal stands). A part
        that names no speaker keeps to the turns of the one the whole question asks about (`narrowed_as`)."""
        parts = question_parts(retrieval.query.text, retrieval.language)
        if len(parts) < 2:
            return None
        retrievals = [narrowed_as(self.retrieve(part, top_k, documents=documents), retrieval) for part in parts]
        t1 = time.perf_counter()
        answers = [self.answer_from(r, composer) for r in retrievals]
        if not any(a.answered for a in answers):
            return None
        answer = verify(join_parts(retrieval, parts, answers))
        t2 = time.perf_counter()
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
        return answer

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
                answer = self.with_versions(verify(item))
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

    def with_versions(self, answer: Answer) -> Answer:
        """Each citation with the sha256 of the version it quotes (and of its translation's), so that it can be
        checked against the exact text it quoted."""
        library = self.library

        def sha(symbol: str, language: str) -> str:
            versions = library.get(symbol)
            doc = versions.version(language) if versions is not None else None
            return doc.sha256 if doc is not None else ""

        cited = []
        for c in answer.citations:
            tr = c.translation
            if tr is not None:
                tr = replace(tr, sha256=sha(c.passage.doc_symbol, tr.language))
            cited.append(replace(c, sha256=sha(c.passage.doc_symbol, c.passage.language), translation=tr))
        answer.citations = cited
        return answer

    def ask(self, question: str, composer: Composer | None = None, top_k: int | None = None,
            documents: Sequence[str] | None = None) -> Answer:
        """The final answer of `stream`."""
        return _last(self.stream(question, composer, top_k, documents))

    def answer_from(self, retrieval: Retrieval, composer: Composer | None = None) -> Answer:
        """The final answer of `stream_from`."""
        return _last(self.stream_from(retrieval, composer))


def _last(items: Iterator[str | Answer]) -> Answer:
    final = None
    for item in items:
        final = item
    return final
