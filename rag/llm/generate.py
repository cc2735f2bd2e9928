"""The generative answerer: the top passages as numbered sources, a chat model writes, every sentence is verified.

`GenerativeAnswerer` implements the `rag.answers.composer.Answerer` protocol; its `stream(retrieval)` is a generator of
text chunks (the model's raw words, markers included, for a UI to show while
it writes) that ends with the final `Answer`, which is the only thing to keep: its text holds only verified
sentences, with markers renumbered to its citations.

Order of events for one question:
1. The answerability decision (rag/answers/decide.py, shared with the extractive answerer) refuses BEFORE generation:
   nothing is generated for
   "What is the capital of Sweden?".
2. The sources go into the prompt, numbered, with their section labels: by default the sentences the extractive
   answer would quote, in the question's language (`llm_sources` in rag/config.py gives the other choices). The local
   model answers an English question with the tokens that write Chinese forbidden (rag/llm/token_mask.py); a reply
   in the other language is asked for once more with a reminder (`llm_language_retries`).
3. The reply is parsed (rag.llm.support): markers pointing to no source are dropped, each sentence needs a
   supporting span in a cited passage, unsupported sentences are removed (and listed in `verified`).
4. Fallback to the extractive answer, with a visible `notice`, when the backend is unavailable, the endpoint is
   unreachable or slow (connect timeout / deadline), the reply is malformed or empty, answers in the wrong
   language, or nothing in it can be verified. A reply saying the sources hold no answer is a refusal.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Callable, Iterator

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from rag.answers.composer import not_found
from rag.config import Settings
from rag.answers.quoted import CANDIDATE_PASSAGES, ExtractiveAnswerer, select_sentences
from rag.llm.backends import BackendUnavailable, breaker_for, check_backend, generation_lock, is_local, make_chat_model
from rag.llm.token_mask import generation_kwargs
from rag.answers.decide import decide
from rag.llm.support import Embed, VerifiedSentence, says_not_found, verify_answer
from rag.analysis.text import answer_language, has_cjk
from rag.types import Answer, Citation, Fallback, FallbackKind, Generation, Passage, Retrieval
from rag.documents.versions import cite_span

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


# The small model sometimes starts echoing the prompt after its answer: stop there.
STOP = ["Sources (资料)", "Question (问题)", "\n\n[1] §"]


def unavailable_mode(backend: str) -> str:
    """The answerer's `mode` while its backend cannot be used: every answer is then the extractive one."""
    return f"extractive (fallback: {backend} unavailable)"


class Deadline(TimeoutError):
    pass


def excerpt(passage: Passage, retrieval: Retrieval, limit: int) -> str:
    """The passage text, or for a long passage its best-scoring sentences in document order (each verbatim)."""
    if len(passage.text) <= limit:
        return passage.text
    mine = [s for s in retrieval.sentences if s.passage.id == passage.id]  # best first
    chosen, used = [], 0
    for s in mine:
        if chosen and used + len(s.text) > limit:
            continue
        chosen.append(s)
        used += len(s.text)
    if not chosen:
        return passage.text[:limit]
    chosen.sort(key=lambda s: s.start)
    out, last_end = "", None
    for s in chosen:
        if last_end is not None and s.start > last_end:
            out += "…"
        out += s.text
        last_end = s.end
    return out


def best_sentences(retrieval: Retrieval, limit: int) -> list[tuple[Passage, str]]:
    """The `limit` best sentences (verbatim) of the top passages, best first, each shown with its paragraph: the
    extractive answer's pool (rag.answers.quoted.CANDIDATE_PASSAGES), then the best of the other passages; a sentence repeated
    word for word elsewhere in the document is shown once."""
    top = {h.passage.id for h in retrieval.hits[:CANDIDATE_PASSAGES]}
    ordered = sorted(retrieval.sentences, key=lambda s: s.passage.id not in top)  # stable: best first within each
    out, seen = [], set()
    for s in ordered:
        text = s.text.strip()
        if not text or text in seen:
            continue
        seen.add(text)
        out.append((s.passage, text))
        if len(out) == limit:
            break
    return out


def build_messages(question: str, language: str, sources: list[tuple[Passage, str]], remind: bool = False) -> list:
    """System prompt + the numbered, labelled sources, the question and the instruction in the question's language
    (`remind`: also insist on that language, for a second try after an answer in the other one)."""
    blocks = [f"[{n}] {p.label}\n{text}" for n, (p, text) in enumerate(sources, 1)]
    instruction = prompts.load(f"instruction_{language}")
    if remind:
        instruction += "\n" + prompts.load(f"reminder_{language}")
    user = prompts.render("user", sources="\n\n".join(blocks), question=question, instruction=instruction)
    return [SystemMessage(prompts.load("system")), HumanMessage(user)]


def assemble(verified: list[VerifiedSentence], sources: list[Passage], language: str,
             originals: dict[str, tuple[Passage, str]] | None = None) -> tuple[str, list[Citation], list[dict]]:
    """Answer text from the supported sentences, markers renumbered to one citation per (passage, span).
    `sources` are the paragraphs as the prompt showed them (in the answer's language); `originals` maps a passage
    id to its original paragraph and the shown version's provenance, so that each citation quotes the original."""
    citations: list[Citation] = []
    key_to_n: dict[tuple[str, int, int], int] = {}
    parts, report = [], []
    for v in verified:
        ns = []
        for sup in v.supports:
            passage = sources[sup.source - 1]
            key = (passage.id, sup.start, sup.end)
            if key not in key_to_n:
                key_to_n[key] = len(citations) + 1
                original, provenance = (originals or {}).get(passage.id, (passage, "official"))
                citations.append(cite_span(key_to_n[key], original, passage, provenance, sup.start, sup.end))
            if key_to_n[key] not in ns:
                ns.append(key_to_n[key])
        report.append({
            "sentence": v.text,
            "citations": ns,
            "source_markers": v.markers,
            "invalid_markers": v.invalid_markers,
            "supported": v.supported,
            "inferred": v.inferred,
            "corrected": v.corrected,
            "support": [{"source": s.source, "score": s.score, "method": s.method} for s in v.supports],
        })
        if v.supported:
            parts.append(v.text + "".join(f"[{n}]" for n in ns))
    joiner = "" if language == "zh" else " "
    return joiner.join(parts), citations, report


class GenerativeAnswerer:
    """Answers with a LangChain chat model; falls back to the extractive answerer whenever it cannot be trusted."""

    generative = True

    def __init__(
        self,
        settings: Settings,
        backend: str = "local",
        *,
        chat_model: BaseChatModel | None = None,
        embed: Embed | None = None,
        fallback: ExtractiveAnswerer | None = None,
    ):
        self.settings = settings
        self.backend = backend
        self.embed = embed
        self.fallback = fallback or ExtractiveAnswerer(settings)
        self._model = chat_model
        self.unavailable = None if chat_model is not None else check_backend(backend, settings)
        self.mode = backend if not self.unavailable else unavailable_mode(backend)

    # -- model -----------------------------------------------------------------------------------------
    @property
    def model(self) -> BaseChatModel:
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
                _ = self.model
            except BackendUnavailable:
                pass

    # -- answers ---------------------------------------------------------------------------------------
    def answer(self, retrieval: Retrieval) -> Answer:
        final = None
        for item in self.stream(retrieval):
            final = item
        assert isinstance(final, Answer)
        return final

    def sources(self, retrieval: Retrieval) -> list[tuple[Passage, str]]:
        """The numbered sources of the prompt: (paragraph, the text shown for it), best first, in the question's
        language when the document has a version in it."""
        s = self.settings
        if s.llm_sources == "selected":
            chosen = select_sentences(retrieval, s)[: s.llm_max_sentences]
            shown = [c.version(retrieval.language) for c in chosen]
            return [(v.passage, v.span.text) if v else (c.passage, c.text) for c, v in zip(chosen, shown)]
        if s.llm_sources == "sentences":
            return best_sentences(retrieval, s.llm_max_sentences)
        hits = retrieval.hits[: s.llm_max_passages]
        return [(h.passage, excerpt(h.passage, retrieval, s.llm_passage_chars)) for h in hits]

    def _fallback(self, retrieval: Retrieval, kind: FallbackKind, why: str = "",
                  generation: Generation | None = None, notice: str | None = None) -> Answer:
        """The quoted answer standing in; `notice`: the FALLBACK_NOTICE to show (default: the one of `kind`)."""
        answer = self.fallback.answer(retrieval)
        answer.mode = f"{answer.mode} (fallback from {self.backend})"
        answer.notice = FALLBACK_NOTICE[notice or kind].format(backend=self.backend, why=why)
        answer.fallback = Fallback(kind, self.backend, why)
        answer.generation = generation
        return answer

    def stream(self, retrieval: Retrieval) -> Iterator[str | Answer]:
        """Yield the model's text chunks as they come, then the final, verified `Answer`."""
        quoted = select_sentences(retrieval, self.settings)
        refusal = decide(retrieval, quoted, self.settings.answerability)
        if refusal:  # refused before any generation
            yield not_found(retrieval, self.backend, refusal, self.settings.top_k)
            return
        if self.unavailable:
            yield self._fallback(retrieval, "unavailable", self.unavailable)
            return
        breaker = breaker_for(self.backend, self.settings)
        if not breaker.allow():  # the endpoint failed repeatedly: no request waits for it
            yield self._fallback(retrieval, "error", f"{breaker.retry_in():.0f} s", notice="resting")
            return
        sources = self.sources(retrieval)
        final = None
        for attempt in range(1 + self.settings.llm_language_retries):
            if attempt:
                yield "\n\n"  # a second try follows the first one's words
            messages = build_messages(retrieval.question, retrieval.language, sources, remind=attempt > 0)
            final = yield from self._generate(retrieval, sources, messages)
            if final.generation is not None:
                final.generation.attempts = attempt + 1
            if final.fallback is None or final.fallback.kind != "language":
                break
        yield final

    def _generate(self, retrieval: Retrieval, sources: list[tuple[Passage, str]], messages: list):
        """Stream one reply (yielding its chunks); return the verified Answer or a fallback."""
        chunks: list[str] = []
        t0 = time.perf_counter()
        first = None
        breaker = breaker_for(self.backend, self.settings)
        try:
            model = self.model
            with generation_lock(model, timeout=self.settings.llm_first_token_timeout):
                deadline = time.perf_counter() + self.settings.llm_timeout
                extra = generation_kwargs(model, retrieval.language, self.settings.llm_english_tokens_only)
                if is_local(model):
                    extra["first_token_timeout"] = self.settings.llm_first_token_timeout
                for chunk in model.stream(messages, stop=STOP, **extra):
                    content = getattr(chunk, "content", None)
                    if not isinstance(content, str):
                        raise ValueError(f"malformed chunk {type(content).__name__}")
                    if content:
                        if first is None:
                            first = time.perf_counter() - t0
                        chunks.append(content)
                        yield content
                    if time.perf_counter() > deadline:
                        raise Deadline(f"no complete answer within {self.settings.llm_timeout:g} s")
        except BackendUnavailable as e:
            log.warning("%s backend unavailable: %s", self.backend, e)
            return self._fallback(retrieval, "unavailable", public_reason(e))
        except Exception as e:  # unreachable endpoint, timeout, HTTP error, malformed reply
            log.warning("%s backend failed: %s", self.backend, e)
            breaker.failure()
            return self._fallback(retrieval, "error", public_reason(e),
                                  Generation(self.backend, "".join(chunks) or None))
        breaker.success()
        seconds = time.perf_counter() - t0
        return self.finish(retrieval, [p for p, _ in sources], "".join(chunks), seconds, first)

    @staticmethod
    def originals(retrieval: Retrieval) -> dict[str, tuple[Passage, str]]:
        """Passage id -> (the original paragraph, the provenance of the version in the question's language)."""
        out = {}
        for s in retrieval.sentences:
            v = s.version(retrieval.language)
            out.setdefault(s.passage.id, (s.passage, v.provenance if v else "official"))
        return out

    def finish(self, retrieval: Retrieval, sources: list[Passage], text: str, seconds: float = 0.0,
               first: float | None = None) -> Answer:
        """Verify a complete generated reply and turn it into the final Answer (or a fallback)."""
        lang = retrieval.language
        generation = Generation(self.backend, text, llm_seconds=round(seconds, 3),
                                first_token_seconds=None if first is None else round(first, 3))
        text = text.strip()
        if not text:
            return self._fallback(retrieval, "empty", generation=generation)
        if says_not_found(text):
            answer = not_found(retrieval, self.backend, None, self.settings.top_k, message=text)
            answer.generation = generation
            return answer
        verified = verify_answer(text, sources, self.settings, embed=self.embed, question=retrieval.question)
        body, citations, report = assemble(verified, sources, lang, self.originals(retrieval))
        generation.verified = report
        written_in = answer_language(" ".join(v.text for v in verified)) if verified else lang
        generation.answer_language = written_in
        if written_in != lang or (lang == "zh" and not has_cjk(body or text)):
            return self._fallback(retrieval, "language", generation=generation)
        if not citations:
            return self._fallback(retrieval, "unverified", generation=generation)
        dropped = sum(1 for v in verified if not v.supported)
        notice = ""
        if dropped:
            notice = (f"已删除 {dropped} 个无法在引用段落中核实的句子。" if lang == "zh"
                      else f"Removed {dropped} generated sentence(s) that the cited passages do not support.")
        return Answer(
            question=retrieval.question,
            language=lang,
            status="answered",
            answer=body,
            mode=self.backend,
            citations=citations,
            retrieved=retrieval.hits[: self.settings.top_k],
            notice=notice,
            generation=generation,
        )


def public_reason(e: Exception) -> str:
    """What a client may be told about a failure: its kind and the first line of its message, with file paths and
    addresses taken out (they are for the server's log)."""
    name = type(e).__name__
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    msg = re.sub(r"(?:[A-Za-z]:)?(?:/[\w.@+-]+){2,}/?", "<path>", msg)
    msg = re.sub(r"\b(?:https?|unix)://\S+", "<address>", msg)
    return f"{name}: {msg[:160]}" if msg else name


def use_embedder(encoders: Callable[[], dict]) -> Embed:
    """An `embed` for verification from the retriever's encoders (USE-m3, cross-lingual), loaded lazily."""

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(encoders()["use"].embed_queries(texts), dtype=np.float32)

    return embed
