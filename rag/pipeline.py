"""The ask pipeline: validate the question, make sure the document's versions and index are there, retrieve,
answer, time it."""
from __future__ import annotations

import logging
import time
from functools import cached_property
from typing import Callable, Iterator

from rag.answers.composer import Answerer
from rag.config import Settings
from rag.documents.corpus import load_document
from rag.retrieval.index import cached_payload, open_index
from rag.retrieval.retriever import HybridRetriever
from rag.analysis.text import strip_control
from rag.types import Answer, Document, DocumentVersions
from rag.documents.versions import load_versions
from vectorstore.e5_onnx import OnnxE5Embeddings
from vectorstore.embeddings import USEEmbeddings, load_e5
from vectorstore.store import IndexStore

log = logging.getLogger(__name__)

TARGET_LANGUAGES = ("zh", "en")  # every document is offered in these; a missing one may be machine-made


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long)."""


def clean_question(question: str | None, max_chars: int) -> str:
    """The question as retrieval reads it (whitespace and control characters folded); raises QuestionError, with a
    message for the person asking, when it is empty, too long or not text."""
    if question is not None and not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = " ".join(strip_control(question or "").split())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: undecodable bytes that reached us as text
        raise QuestionError("The question holds bytes that are not UTF-8 text; please type it again.") from None
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

    def __init__(self, settings: Settings | None = None, answerer: Answerer | None = None,
                 on_notice: Callable[[str], None] | None = None):
        self.settings = settings or Settings.from_env()
        self._answerer = answerer
        self.on_notice = on_notice or (lambda msg: log.warning("%s", msg))
        self._payload: dict = {}

    @cached_property
    def versions(self) -> DocumentVersions:
        """The document in every language version: the aligned files beside the corpus, and for a language with no
        file, a machine version when the local LLM is prepared (made once, kept in the index)."""
        original = load_document(self.settings.corpus, self.settings.metadata)
        versions = load_versions(original, self.settings.corpus, TARGET_LANGUAGES)
        missing = [lang for lang in TARGET_LANGUAGES if versions.version(lang) is None]
        if missing and self.settings.machine_translation:
            versions = self._machine_versions(versions, missing)
        return versions

    def _machine_versions(self, versions: DocumentVersions, languages: list[str]) -> DocumentVersions:
        from rag.llm.backends import local_model_id, make_chat_model
        from rag.documents.translate import PAYLOAD_KEY, cached_version, payload_entry, translate_document

        model_id = local_model_id(self.settings)
        if model_id is None:  # the local LLM is not prepared: no machine version, the encoders cross languages
            return versions
        cache = cached_payload(self.settings.index_dir)
        entries = {}
        for lang in languages:
            version = cached_version(cache, versions.original, lang, model_id)
            if version is None:
                self.on_notice(f"{versions.id} has no {lang} version; translating it with the local model (once).")
                try:
                    version = translate_document(versions.original, lang, make_chat_model("local", self.settings))
                except Exception as e:
                    self.on_notice(f"no machine {lang} version: {e}")
                    continue
            entries[lang] = payload_entry(versions.original, version, model_id)
            versions = versions.with_translation(version)
        if entries:
            self._payload = {PAYLOAD_KEY: entries}
        return versions

    @property
    def document(self) -> Document:
        """The authoritative original version."""
        return self.versions.original

    @cached_property
    def encoders(self) -> dict[str, OnnxE5Embeddings | USEEmbeddings]:
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
        self.encoders["e5"].threads = self.settings.query_threads
        for encoder in self.encoders.values():
            encoder.warm_up()  # the first question must not wait for a model (nor 50 first questions at once)
        return HybridRetriever(store, self.encoders, self.versions, self.settings)

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
        self.answerer.warm_up()

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
        first = None
        for item in answerer.stream(retrieval):
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
