"""All settings, grouped by the pipeline stage that reads them; every group a frozen dataclass validated on creation.

    Settings              where things are (corpus, index, models), the default backend, and one group per stage:
      .question           QuestionSettings      clean: how long a question may be, how much of it an error echoes
      .retrieval          RetrievalSettings     analyse + retrieve: top_k, threads, fusion weights, BM25
      .answerability      AnswerabilitySettings decide: the calibrated model, how many closest passages to list
      .composing          ComposingSettings     compose (quoted): candidate passages, extra sentences
      .briefing           BriefingSettings      the briefing note's selection thresholds
      .conversation       ConversationSettings  follow-ups: the rule's lengths, the rewrite's limits
      .llm                GenerationSettings    generated answers: model, sources, time bounds, breaker, checks
      .openai / .ollama   the remote endpoints
      .serving            ServingSettings       the chat server: concurrency, queue, time limit, UI bounds
      .store              StoreSettings         where the index lives: files (default) or PostgreSQL

Each field can be set by an environment variable `RAG_<GROUP>_<FIELD>` (`RAG_LLM_TIMEOUT=30`,
`RAG_RETRIEVAL_TOP_K=8`, `RAG_RETRIEVAL_FUSION_LEXICAL=1.5`) and top-level ones by `RAG_<FIELD>` (`RAG_INDEX_DIR`).
The names documented before the settings were grouped keep working (`ENV_ALIASES`: `RAG_TOP_K`, `RAG_FUSION_*`,
`RAG_BM25_*`, …). A value that cannot be used is a `SettingsError` naming the variable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag.answers.answerability import AnswerabilityModel
from rag.answers.crosslingual import CrossLingualModel
from rag.environment import ENV_ALIASES, SettingsError, settings_from_env  # noqa: F401 (re-exported)
from rag.retrieval.fusion import FusionWeights
from vectorstore.bm25_index import BM25Params

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("auto", "extractive", "local", "openai", "ollama")  # auto: see rag/llm/__init__.py
LLM_SOURCES = ("selected", "sentences", "passages")

# Never reach for a model hub: every model is loaded from local files.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

def _at_least(group: object, minimum: float, *names: str) -> None:
    for name in names:
        if getattr(group, name) < minimum:
            raise SettingsError(f"{name} must be at least {minimum:g} (got {getattr(group, name)})")


def _positive(group: object, *names: str) -> None:
    for name in names:
        if not getattr(group, name) > 0:
            raise SettingsError(f"{name} must be more than 0 (got {getattr(group, name)})")


def _share(group: object, *names: str, open_low: bool = False) -> None:
    for name in names:
        value = getattr(group, name)
        if not ((0 < value) if open_low else (0 <= value)) or value > 1:
            raise SettingsError(f"{name} must be between 0 and 1 (got {value})")


@dataclass(frozen=True)
class QuestionSettings:
    """clean: a question (or a topic) longer than this is refused before any work; an error echoes its start."""

    max_chars: int = 2000
    echo_chars: int = 200  # how much of a bad question an error object repeats

    def __post_init__(self):
        _at_least(self, 1, "max_chars", "echo_chars")


@dataclass(frozen=True)
class RetrievalSettings:
    """analyse + retrieve. The fusion weights and BM25's parameters are chosen by cross-validation on the
    development questions (scripts/tune_fusion.py) and stored with the index."""

    top_k: int = 5  # passages an answer lists as retrieved (the JSON `retrieved` list)
    max_top_k: int = 30  # the most a caller (CLI, API) may ask for
    # One question needs one short e5 pass (ONNX Runtime), which two threads do 18% faster on this CPU but at 22%
    # more CPU time; the index is built with all cores.
    query_threads: int = 1
    # Chinese questions are part-of-speech tagged for names; the tagger's cost is linear, so only the start is.
    max_tagged_chars: int = 200
    # Over several documents, the passages of all but the leading one (the one whose section titles the question
    # names, else the one whose `document_prior_depth` best passages sum highest) lose this much of their fused
    # score (rag/retrieval/fusion.py, lead_document_prior); 0: off.
    document_prior: float = 1.0
    document_prior_depth: int = 3
    # A term of a keyword query that no document holds is still there when one of the `other_words_sentences` best
    # sentences says it in other words: a word of theirs within this e5 cosine (rag/retrieval/otherwise.py); 1: off.
    other_words_cosine: float = 0.905
    other_words_sentences: int = 3
    fusion: FusionWeights = field(default_factory=FusionWeights)
    bm25: BM25Params = field(default_factory=BM25Params)

    def __post_init__(self):
        _at_least(self, 1, "top_k", "max_top_k", "query_threads", "max_tagged_chars", "document_prior_depth")
        _at_least(self, 0, "document_prior")
        _at_least(self, 1, "other_words_sentences")
        if not 0 < self.other_words_cosine <= 1:
            raise SettingsError(f"other_words_cosine must be in (0, 1] (got {self.other_words_cosine})")
        if self.top_k > self.max_top_k:
            raise SettingsError(f"top_k must be at most max_top_k ({self.max_top_k}) (got {self.top_k})")


@dataclass(frozen=True)
class AnswerabilitySettings:
    """decide: the calibrated answerability model (rag/answers/decide.py, scripts/calibrate_refusal.py; stored with
    the index), the one for answers found across languages, when the sentences an answer would quote have no
    version in the question's language (rag/answers/crosslingual.py, scripts/calibrate_crosslingual.py), and how
    many closest passages a refusal lists."""

    model: AnswerabilityModel = field(default_factory=AnswerabilityModel)
    crosslingual: CrossLingualModel = field(default_factory=CrossLingualModel)
    closest_passages: int = 3
    llm_check: bool = False  # the local model checks each decided answer (rag/llm/check.py): 1-3 s more per answer
    llm_check_threshold: float = 0.35  # README, "The local model as a check"

    def __post_init__(self):
        _at_least(self, 1, "closest_passages")
        if not 0 < self.llm_check_threshold < 1:
            raise SettingsError(f"llm_check_threshold must be between 0 and 1 (got {self.llm_check_threshold})")


@dataclass(frozen=True)
class ComposingSettings:
    """compose (quoted answers): the best sentence of the top passages, and further ones only when this close."""

    candidate_passages: int = 3  # sentences are taken from this many top passages
    extra_sentence_ratio: float = 0.6
    max_answer_sentences: int = 3
    # A quoted sentence brings what it needs to be read right (rag/answers/context.py): up to this many sentences
    # before it when it points back ("They also…", "这包括…"), and up to this many items after a lead-in ("其中包括：").
    max_context_sentences: int = 2
    max_list_items: int = 5

    def __post_init__(self):
        _at_least(self, 1, "candidate_passages", "max_answer_sentences")
        _at_least(self, 0, "max_context_sentences", "max_list_items")
        _share(self, "extra_sentence_ratio", open_low=True)


@dataclass(frozen=True)
class BriefingSettings:
    """The briefing note's selection (rag/brief/select.py, whose docstring explains each step)."""

    specific_share: float = 0.5  # a topic word in at most this share of the paragraphs is specific to the topic
    min_lift: float = 0.15  # candidates: score >= median + min_lift * (best - median)
    together_lift: float = 0.5  # a sentence with two of the topic's words together (even common ones) joins here
    together_words: int = 2  # how many of the topic's words make "together"
    max_per_paragraph: int = 2
    long_topic_words: int = 4  # a topic of this many words or more may miss one of them
    max_topic_chars: int = 200
    context_sentences: int = 2  # a point that points back brings up to this many sentences before it

    def __post_init__(self):
        _share(self, "specific_share", "min_lift", "together_lift")
        _at_least(self, 0, "context_sentences")
        _at_least(self, 1, "max_per_paragraph", "max_topic_chars")
        _at_least(self, 2, "together_words", "long_topic_words")


@dataclass(frozen=True)
class ConversationSettings:
    """Follow-ups (rag/conversation/followup.py) and the model's rewrite of them (rag/llm/rewrite.py)."""

    followup_max_zh_chars: int = 6  # a Chinese question this short (characters) is a follow-up
    followup_max_en_words: int = 3  # an English one this short (words)
    rewrite_turns: int = 4  # the last messages the rewrite prompt shows
    rewrite_turn_chars: int = 300  # each cut to this many characters
    rewrite_max_growth: int = 60  # a rewrite longer than 3 × the question + this is unusable

    def __post_init__(self):
        _at_least(self, 1, "followup_max_zh_chars", "followup_max_en_words", "rewrite_turns", "rewrite_turn_chars")
        _at_least(self, 0, "rewrite_max_growth")


@dataclass(frozen=True)
class GenerationSettings:
    """Generated answers (rag/llm). Sources in the prompt: reading the prompt dominates the wait on a CPU, and a
    small model given several sentences often answers from the wrong one. "selected": the sentences the quoted
    answer would use, at most max_sentences; "sentences": the retriever's max_sentences best sentences of the top
    paragraphs; "passages": the max_passages top paragraphs, each cut to its best sentences near passage_chars."""

    model_path: Path = PROJECT_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    threads: int = 2
    context: int = 2048
    max_tokens: int = 160  # one to three sentences; a runaway reply (prompt echo) ends sooner
    temperature: float = 0.0
    repeat_penalty: float = 1.05
    sources: str = "selected"
    max_sentences: int = 3
    max_passages: int = 3
    passage_chars: int = 300
    language_retries: int = 1  # an answer in the other language is asked for once more, then falls back
    english_tokens_only: bool = True  # local model, English question: it may not write Chinese characters
    rewrite: bool = True  # conversation: rewrite follow-up questions into stand-alone ones before retrieval
    # Bounded waits: connecting; the first words (and any later silence: the remote read timeout); a whole answer,
    # retries included. Past them the quoted answer stands in, with a notice.
    connect_timeout: float = 3.0
    first_token_timeout: float = 10.0
    timeout: float = 45.0
    # After this many failures or timeouts in a row, a backend is not tried for breaker_cooldown seconds.
    breaker_failures: int = 3
    breaker_cooldown: float = 60.0
    # The check of generated sentences (rag/llm/support.py): supported when a span of the source scores this much.
    min_overlap: float = 0.5  # share of the sentence's units (CJK bigrams, word stems, numbers) in the span
    min_new: float = 0.5  # share of what the sentence adds to the question that the span must contain
    # USE-m3 cosine to a source sentence or clause, for a sentence in another language than its source:
    # translations scored 0.42-0.66, unrelated sentences -0.14-0.25 on a small check.
    min_cosine: float = 0.35

    def __post_init__(self):
        if self.sources not in LLM_SOURCES:
            raise SettingsError(f"unknown llm sources {self.sources!r}; choose one of: {', '.join(LLM_SOURCES)}")
        _at_least(self, 1, "threads", "context", "max_tokens", "max_sentences", "max_passages", "passage_chars",
                  "breaker_failures")
        _at_least(self, 0, "language_retries", "temperature", "repeat_penalty")
        _positive(self, "connect_timeout", "first_token_timeout", "timeout", "breaker_cooldown")
        _share(self, "min_overlap", "min_new", "min_cosine")


@dataclass(frozen=True)
class OpenAISettings:
    """Any OpenAI-compatible server (vLLM, llama.cpp's server, LM Studio, scripts/serve_llm.py)."""

    base_url: str = "http://127.0.0.1:8000/v1"
    model: str = "qwen2.5-coder-1.5b-instruct"
    api_key: str = "not-needed"


@dataclass(frozen=True)
class OllamaSettings:
    url: str = "http://127.0.0.1:11434"
    model: str = "qwen2.5-coder:1.5b"


@dataclass(frozen=True)
class ServingSettings:
    """The chat server (ui/)."""

    concurrency: int = 4  # requests answered at once: two cores; more only lengthens every request
    queue_size: int = 256
    request_time_limit: float = 90.0  # seconds one request may take (generation has its own, shorter bound)
    ui_max_top_k: int = 10  # the chat's "Passages to retrieve" slider goes up to this
    generated_wait_min_s: int = 20  # the wait the chat announces for a generated answer (measured on two shared
    generated_wait_max_s: int = 40  # cores while other work ran: 20-35 s a question)
    saved_turns: int = 30  # the last questions of a conversation kept in the browser for a reload
    next_questions: int = 3  # suggested next questions under an answer
    # An API call's body is read whole to check its inputs before Gradio (ui/api_guard.py); longer ones get 413.
    max_api_body_bytes: int = 16 * 1024 * 1024

    def __post_init__(self):
        _at_least(self, 1, "concurrency", "queue_size", "ui_max_top_k", "saved_turns", "generated_wait_min_s",
                  "generated_wait_max_s", "max_api_body_bytes")
        _at_least(self, 0, "next_questions")
        _positive(self, "request_time_limit")


STORE_BACKENDS = ("files", "postgres")


@dataclass(frozen=True)
class StoreSettings:
    """Where the index lives (vectorstore/protocol.py). `RAG_STORE=files` (the default): folders of plain files
    under the index folder, no server. `RAG_STORE=postgres`: PostgreSQL + pgvector (vectorstore/postgres_store.py),
    the server at `RAG_STORE_URL`, or without one a local server the project starts itself, its data beside the
    index folder (`<index>.pgdata`); `RAG_STORE_READ_URL`: a server (e.g. a streaming replica) that answers the
    queries while writes go to `RAG_STORE_URL`."""

    backend: str = "files"
    url: str = ""
    read_url: str = ""

    def __post_init__(self):
        if self.backend not in STORE_BACKENDS:
            raise SettingsError(f"unknown store {self.backend!r} (RAG_STORE); choose one of: "
                                f"{', '.join(STORE_BACKENDS)}")
        for name in ("url", "read_url"):
            value = getattr(self, name)
            if value and not value.startswith(("postgresql://", "postgres://")):
                raise SettingsError(f"RAG_STORE_{name.upper()} must be a postgresql:// URL (got {value!r})")
            if value and self.backend != "postgres":
                raise SettingsError(f"RAG_STORE_{name.upper()} is set but RAG_STORE is {self.backend!r}; "
                                    "set RAG_STORE=postgres")
        if self.read_url and not self.url:
            raise SettingsError("RAG_STORE_READ_URL needs RAG_STORE_URL (the primary that takes the writes)")


@dataclass(frozen=True)
class Settings:
    corpus: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.txt"
    metadata: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.meta.json"
    index_dir: Path = PROJECT_ROOT / "index"
    library_dir: Path = PROJECT_ROOT / "library"  # the documents a user adds (rag/documents/library.py)
    model_dir: Path = PROJECT_ROOT / "models" / "multilingual-e5-small"
    # extractive, auto (the local model when prepared, else extractive), local, openai, ollama. The default quotes:
    # on the development questions it finds more of the asked facts than the local model (README).
    backend: str = "extractive"
    # Documents without an English version get a machine translation at index time when the local LLM is there.
    machine_translation: bool = True
    log_level: str = "WARNING"
    question: QuestionSettings = field(default_factory=QuestionSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    answerability: AnswerabilitySettings = field(default_factory=AnswerabilitySettings)
    composing: ComposingSettings = field(default_factory=ComposingSettings)
    briefing: BriefingSettings = field(default_factory=BriefingSettings)
    conversation: ConversationSettings = field(default_factory=ConversationSettings)
    llm: GenerationSettings = field(default_factory=GenerationSettings)
    openai: OpenAISettings = field(default_factory=OpenAISettings)
    ollama: OllamaSettings = field(default_factory=OllamaSettings)
    serving: ServingSettings = field(default_factory=ServingSettings)
    store: StoreSettings = field(default_factory=StoreSettings)

    def __post_init__(self):
        if self.backend.strip().lower() not in BACKENDS:
            raise SettingsError(f"unknown backend {self.backend!r}; choose one of: {', '.join(BACKENDS)}")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then `RAG_*` variables, then the non-None `overrides` (top-level fields or whole groups)."""
        return settings_from_env(cls, overrides)

    def with_top_k(self, top_k: int | None) -> "Settings":
        """These settings with another retrieval top_k (None: unchanged)."""
        if top_k is None:
            return self
        return replace(self, retrieval=replace(self.retrieval, top_k=top_k))
