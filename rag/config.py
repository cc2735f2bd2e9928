"""All settings in one place, validated on creation. Each field can be overridden by an environment variable
`RAG_<FIELD>`, and each field of a nested group by `RAG_<GROUP>_<FIELD>` (e.g. `RAG_TOP_K=8`,
`RAG_FUSION_LEXICAL=1.5`, `RAG_BM25_K1=1.2`)."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from rag.retrieval.fusion import FusionWeights
from rag.answers.decide import AnswerabilityModel
from vectorstore.bm25_index import BM25Params

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("auto", "extractive", "local", "openai", "ollama")  # auto: see rag/llm/__init__.py
LLM_SOURCES = ("selected", "sentences", "passages")

# Never reach for a model hub: every model is loaded from local files.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class SettingsError(ValueError):
    """A setting (or the environment variable that sets it) has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    corpus: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.txt"
    metadata: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.meta.json"
    index_dir: Path = PROJECT_ROOT / "index"
    model_dir: Path = PROJECT_ROOT / "models" / "multilingual-e5-small"
    top_k: int = 5  # passages returned by retrieval (the JSON `retrieved` list)
    # Threads for answering once the index is loaded: one question needs one short e5 pass (ONNX Runtime), which two
    # threads do 18% faster on this CPU but at 22% more CPU time; the index is built with all cores.
    query_threads: int = 1
    max_question_chars: int = 2000
    # Retrieval: how the signals of both language versions are fused (rag/retrieval/fusion.py), and BM25's parameters.
    # Chosen by cross-validation on the development questions (scripts/tune_fusion.py); stored with the index.
    fusion: FusionWeights = field(default_factory=FusionWeights)
    bm25: BM25Params = field(default_factory=BM25Params)
    # Refusal: whether the document can answer a question (rag/answers/decide.py), calibrated by
    # scripts/calibrate_refusal.py; stored with the index.
    answerability: AnswerabilityModel = field(default_factory=AnswerabilityModel)
    # Extractive answers: further sentences join the best one only when this close to it.
    extra_sentence_ratio: float = 0.6
    max_answer_sentences: int = 3
    # Answer generator: extractive, auto (the local model when prepared, else extractive), local, openai, ollama.
    # The default quotes: on the development questions it finds more of the asked facts than the local model
    # (0.91 against 0.81; README, "Generated answers").
    backend: str = "extractive"
    # Documents without an English version get a machine translation at index time when the local LLM is there.
    machine_translation: bool = True
    log_level: str = "WARNING"

    # -- generated answers (rag/llm) -------------------------------------------------------------------------
    # local: the GGUF that `make setup-llm` assembles, run in this process
    llm_model_path: Path = PROJECT_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    llm_threads: int = 2
    llm_context: int = 2048
    llm_max_tokens: int = 160  # one to three sentences; a runaway reply (prompt echo) ends sooner
    llm_temperature: float = 0.0
    # Sources in the prompt. Reading the prompt dominates the wait on a CPU, and a small model given several
    # sentences often answers from the wrong one. "selected": the sentences the extractive answer would quote (the
    # best one, plus those nearly as good), at most llm_max_sentences; "sentences": the retriever's
    # llm_max_sentences best sentences of the top paragraphs; "passages": the llm_max_passages top paragraphs, each
    # cut to its best sentences near llm_passage_chars.
    llm_sources: str = "selected"
    llm_max_sentences: int = 3
    llm_max_passages: int = 3
    llm_passage_chars: int = 300
    llm_language_retries: int = 1  # an answer in the other language is asked for once more, then falls back
    llm_english_tokens_only: bool = True  # local model, English question: it may not write Chinese characters
    llm_rewrite: bool = True  # conversation: rewrite follow-up questions into stand-alone ones before retrieval
    # remote endpoints
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "qwen2.5-coder-1.5b-instruct"
    openai_api_key: str = "not-needed"
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5-coder:1.5b"
    # Bounded waits: connecting; the first words (and any later silence: the remote read timeout); a whole answer,
    # retries included (the request's time budget). Past them the quoted answer stands in, with a notice.
    llm_connect_timeout: float = 3.0
    llm_first_token_timeout: float = 10.0
    llm_timeout: float = 45.0
    # After this many failures or timeouts in a row, a backend is not tried for llm_breaker_cooldown seconds.
    llm_breaker_failures: int = 3
    llm_breaker_cooldown: float = 60.0
    # The citation check (rag/llm/support.py): a generated sentence is supported when a span of its source scores
    # at least this much.
    llm_min_overlap: float = 0.5  # share of the sentence's units (CJK bigrams, word stems, numbers) in the span
    llm_min_new: float = 0.5  # share of what the sentence adds to the question that the span must contain
    # USE-m3 cosine to a source sentence or clause, for a sentence in another language than its source (only
    # where the document has no version in the question's language): translations scored 0.42-0.66, unrelated
    # sentences -0.14-0.25 on a small check.
    llm_min_cosine: float = 0.35

    def __post_init__(self):
        if self.query_threads < 1:
            raise SettingsError(f"query_threads must be at least 1 (got {self.query_threads})")
        if self.top_k < 1:
            raise SettingsError(f"top_k must be at least 1 (got {self.top_k})")
        if self.max_question_chars < 1:
            raise SettingsError(f"max_question_chars must be at least 1 (got {self.max_question_chars})")
        if not 0 < self.extra_sentence_ratio <= 1:
            raise SettingsError(f"extra_sentence_ratio must be in (0, 1] (got {self.extra_sentence_ratio})")
        if self.max_answer_sentences < 1:
            raise SettingsError(f"max_answer_sentences must be at least 1 (got {self.max_answer_sentences})")
        if self.backend.strip().lower() not in BACKENDS:
            raise SettingsError(f"unknown backend {self.backend!r}; choose one of: {', '.join(BACKENDS)}")
        if self.llm_sources not in LLM_SOURCES:
            raise SettingsError(f"unknown llm_sources {self.llm_sources!r}; choose one of: {', '.join(LLM_SOURCES)}")
        for name in ("llm_threads", "llm_context", "llm_max_tokens", "llm_max_sentences", "llm_max_passages",
                     "llm_passage_chars", "llm_breaker_failures"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1 (got {getattr(self, name)})")
        for name in ("llm_connect_timeout", "llm_first_token_timeout", "llm_timeout", "llm_breaker_cooldown"):
            if not getattr(self, name) > 0:
                raise SettingsError(f"{name} must be more than 0 seconds (got {getattr(self, name)})")
        for name in ("llm_min_overlap", "llm_min_new", "llm_min_cosine"):
            if not 0 <= getattr(self, name) <= 1:
                raise SettingsError(f"{name} must be between 0 and 1 (got {getattr(self, name)})")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        return settings_from_env(cls, overrides)


def _convert(raw: str, default, name: str):
    try:
        if isinstance(default, bool):
            value = raw.strip().lower()
            if value not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError("expected 1/0, true/false, yes/no or on/off")
            return value in ("1", "true", "yes", "on")
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, tuple):
            return tuple(float(x) for x in raw.split(","))
        return type(default)(raw)
    except ValueError as e:
        raise SettingsError(f"{name}={raw!r} is not a valid {type(default).__name__} ({e})") from None


def _from_env(cls, prefix: str) -> dict:
    values = {}
    defaults = cls()
    for f in fields(cls):
        default = getattr(defaults, f.name)
        name = f"{prefix}{f.name.upper()}"
        if dataclasses.is_dataclass(default):
            nested = _from_env(type(default), name + "_")
            if nested:
                try:
                    values[f.name] = replace(default, **nested)
                except (TypeError, ValueError) as e:
                    raise SettingsError(f"{name}_*: {e}") from None
            continue
        raw = os.environ.get(name)
        if raw is not None:
            values[f.name] = _convert(raw, default, name)
    return values


def settings_from_env(cls, overrides: dict):
    """An instance of the settings dataclass `cls`: defaults, then `RAG_<FIELD>` variables, then non-None overrides.
    Raises SettingsError naming the variable when a value cannot be used."""
    values = _from_env(cls, "RAG_")
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return cls(**values)
    except SettingsError:
        raise
    except (TypeError, ValueError) as e:
        raise SettingsError(str(e)) from None
