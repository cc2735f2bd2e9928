"""The generative composer: the decided retrieval's sources, numbered; a chat model writes; every sentence is checked.

`GenerativeComposer` implements `rag.answers.composer.Composer`. The pipeline has already decided that the document
answers the question (rag/answers/decide.py: nothing is generated for "What is the capital of Sweden?") and which
sentences an answer would quote; `compose(decision)` yields the model's raw words (markers included, for a UI to
show while it writes) and ends with the final `Answer`, whose text holds only checked sentences, with markers
renumbered to its citations.

1. The sources go into the prompt, numbered, with their section labels (rag/llm/prompt.py): by default the selected
   sentences, in the question's language. The local model answers an English question with the tokens that write
   Chinese forbidden (rag/llm/token_mask.py); a reply in the other language is asked for once more with a reminder.
2. The reply is parsed and checked (rag/llm/support.py): markers pointing to no source are dropped, each sentence
   needs a supporting span in a cited passage, unsupported sentences are removed (and listed in `verified`).
3. The quoted answer of the same decision stands in, with a visible `notice`, when the backend is unavailable or
   resting (circuit breaker), the endpoint is unreachable or slow, the reply is malformed or empty, in the wrong
   language, or nothing in it can be checked. A reply saying the sources hold no answer is a refusal.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Callable, Iterator

import numpy as np
from langchain_core.language_models import BaseChatModel

from rag.analysis.text import answer_language, has_cjk
from rag.answers.composer import not_found
from rag.answers.quoted import QuotedComposer
from rag.config import Settings
from rag.llm.assemble import assemble, originals
from rag.llm.backends import BackendUnavailable, breaker_for, check_backend, generation_lock, is_local, make_chat_model
from rag.llm.prompt import STOP, build_messages, sources
from rag.llm.reply import says_not_found
from rag.llm.support import Embed, verify_answer
from rag.llm.token_mask import generation_kwargs
from rag.types import Answer, Decision, Fallback, FallbackKind, Generation, Passage

log = logging.getLogger(__name__)

FALLBACK_NOTICE = {
    "unavailable": "Generated answers are off ({why}); showing the extractive answer instead.",
    "error": "The {backend} model did not answer ({why}); showing the extractive answer instead.",
    "empty": "The {backend} model returned an empty or malformed reply; showing the extractive answer instead.",
    "language": "The {backend} model answered in the wrong language; showing the extractive answer instead.",
    "unverified": "No sentence of the generated answer could be verified against the cited passages; "
    "showing the extractive answer instead.",
    "resting": "The {backend} model failed several times in a row and is not asked for {why}; showing the "
    "extractive answer instead.",
}
REMOVED = {"zh": "已删除 {n} 个无法在引用段落中核实的句子。",
           "en": "Removed {n} generated sentence(s) that the cited passages do not support."}


def unavailable_mode(backend: str) -> str:
    """The composer's `mode` while its backend cannot be used: every answer is then the quoted one."""
    return f"extractive (fallback: {backend} unavailable)"


class Deadline(TimeoutError):
    pass


class GenerativeComposer:
    """Answers with a LangChain chat model; the quoted answer stands in whenever it cannot be trusted."""

    generative = True

    def __init__(self, settings: Settings, backend: str = "local", *, chat_model: BaseChatModel | None = None,
                 embed: Embed | None = None, fallback: QuotedComposer | None = None):
        self.settings = settings
        self.backend = backend
        self.embed = embed
        self.fallback = fallback or QuotedComposer()
        self._model = chat_model
        self.unavailable = None if chat_model is not None else check_backend(backend, settings)
        self.mode = backend if not self.unavailable else unavailable_mode(backend)

    # -- model -----------------------------------------------------------------------------------------
    def chat_model(self) -> BaseChatModel:
        """The chat model (built on first use); raises BackendUnavailable, and marks the composer so, when it
        cannot be built here."""
        if self._model is None:
            try:
                self._model = make_chat_model(self.backend, self.settings)
            except BackendUnavailable as e:
                self.unavailable = str(e)
                self.mode = unavailable_mode(self.backend)
                raise
        return self._model

    def warm_up(self) -> None:
        if not self.unavailable:
            try:
                self.chat_model()
            except BackendUnavailable:
                pass

    # -- answers ---------------------------------------------------------------------------------------
    def _fallback(self, decision: Decision, kind: FallbackKind, why: str = "",
                  generation: Generation | None = None, notice: str | None = None) -> Answer:
        """The quoted answer of the same decision standing in; `notice`: the FALLBACK_NOTICE to show (default:
        the one of `kind`)."""
        answer = self.fallback.answer(decision)
        answer.mode = f"{answer.mode} (fallback from {self.backend})"
        answer.notice = FALLBACK_NOTICE[notice or kind].format(backend=self.backend, why=why)
        answer.fallback = Fallback(kind, self.backend, why)
        answer.generation = generation
        return answer

    def compose(self, decision: Decision) -> Iterator[str | Answer]:
        """Yield the model's text chunks as they come, then the final, checked `Answer`."""
        if self.unavailable:
            yield self._fallback(decision, "unavailable", self.unavailable)
            return
        breaker = breaker_for(self.backend, self.settings)
        if not breaker.allow():  # the endpoint failed repeatedly: no request waits for it
            yield self._fallback(decision, "error", f"{breaker.retry_in():.0f} s", notice="resting")
            return
        shown = sources(decision, self.settings)
        final = None
        for attempt in range(1 + self.settings.llm.language_retries):
            if attempt:
                yield "\n\n"  # a second try follows the first one's words
            messages = build_messages(decision.retrieval.question, decision.language, shown, remind=attempt > 0)
            final = yield from self._generate(decision, shown, messages)
            if final.generation is not None:
                final.generation.attempts = attempt + 1
            if final.fallback is None or final.fallback.kind != "language":
                break
        yield final

    def _stream_reply(self, model: BaseChatModel, messages: list, language: str, chunks: list[str],
                      timing: dict) -> Iterator[str]:
        """The model's chunks (also appended to `chunks`), within the time bounds of `settings.llm`."""
        g = self.settings.llm
        with generation_lock(model, timeout=g.first_token_timeout):
            deadline = time.perf_counter() + g.timeout
            extra = generation_kwargs(model, language, g.english_tokens_only)
            if is_local(model):
                extra["first_token_timeout"] = g.first_token_timeout
            for chunk in model.stream(messages, stop=STOP, **extra):
                content = getattr(chunk, "content", None)
                if not isinstance(content, str):
                    raise ValueError(f"malformed chunk {type(content).__name__}")
                if content:
                    timing.setdefault("first", time.perf_counter() - timing["start"])
                    chunks.append(content)
                    yield content
                if time.perf_counter() > deadline:
                    raise Deadline(f"no complete answer within {g.timeout:g} s")

    def _generate(self, decision: Decision, shown: list[tuple[Passage, str]], messages: list):
        """Stream one reply (yielding its chunks); return the checked Answer or a fallback."""
        chunks: list[str] = []
        timing = {"start": time.perf_counter()}
        breaker = breaker_for(self.backend, self.settings)
        try:
            yield from self._stream_reply(self.chat_model(), messages, decision.language, chunks, timing)
        except BackendUnavailable as e:
            log.warning("%s backend unavailable: %s", self.backend, e)
            return self._fallback(decision, "unavailable", public_reason(e))
        except Exception as e:  # unreachable endpoint, timeout, HTTP error, malformed reply
            log.warning("%s backend failed: %s", self.backend, e)
            breaker.failure()
            return self._fallback(decision, "error", public_reason(e),
                                  Generation(self.backend, "".join(chunks) or None))
        breaker.success()
        seconds = time.perf_counter() - timing["start"]
        return self.finish(decision, [p for p, _ in shown], "".join(chunks), seconds, timing.get("first"))

    def finish(self, decision: Decision, shown: list[Passage], text: str, seconds: float = 0.0,
               first: float | None = None) -> Answer:
        """Check a complete generated reply and turn it into the final Answer (or a fallback)."""
        retrieval, lang = decision.retrieval, decision.language
        generation = Generation(self.backend, text, llm_seconds=round(seconds, 3),
                                first_token_seconds=None if first is None else round(first, 3))
        text = text.strip()
        if not text:
            return self._fallback(decision, "empty", generation=generation)
        if says_not_found(text):
            answer = not_found(decision, self.backend, self.settings.answerability.closest_passages, message=text)
            answer.generation = generation
            return answer
        verified = verify_answer(text, shown, self.settings, embed=self.embed, question=retrieval.question)
        body, citations, generation.verified = assemble(verified, shown, lang, originals(retrieval))
        written_in = answer_language(" ".join(v.text for v in verified)) if verified else lang
        generation.answer_language = written_in
        if written_in != lang or (lang == "zh" and not has_cjk(body or text)):
            return self._fallback(decision, "language", generation=generation)
        if not citations:
            return self._fallback(decision, "unverified", generation=generation)
        dropped = sum(1 for v in verified if not v.supported)
        notice = REMOVED.get(lang, REMOVED["en"]).format(n=dropped) if dropped else ""
        return Answer(question=retrieval.question, language=lang, status="answered", answer=body, mode=self.backend,
                      citations=citations, retrieved=retrieval.retrieved, notice=notice, generation=generation)


def public_reason(e: Exception) -> str:
    """What a client may be told about a failure: its kind and the first line of its message, with file paths and
    addresses taken out (they are for the server's log)."""
    name = type(e).__name__
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    msg = re.sub(r"(?:[A-Za-z]:)?(?:/[\w.@+-]+){2,}/?", "<path>", msg)
    msg = re.sub(r"\b(?:https?|unix)://\S+", "<address>", msg)
    return f"{name}: {msg[:160]}" if msg else name


def use_embedder(encoders: Callable[[], dict]) -> Embed:
    """An `embed` for checking English sentences against Chinese passages, from the retriever's USE encoder
    (cross-lingual), loaded lazily."""

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(encoders()["use"].embed_queries(texts), dtype=np.float32)

    return embed
