"""Settings of the generative backends. Each field can be overridden by the environment variable `RAG_<FIELD>`
(e.g. RAG_OPENAI_BASE_URL, RAG_OLLAMA_MODEL, RAG_LLM_MODEL_PATH); the backend itself is `rag.config.Settings.backend`
(RAG_BACKEND)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.config import PROJECT_ROOT, settings_from_env

BACKENDS = ("auto", "extractive", "local", "openai", "ollama")  # auto: local when prepared, else extractive


@dataclass(frozen=True)
class LlmSettings:
    # local: llama-cpp-python on the CPU with the GGUF that `make setup-llm` assembles
    llm_model_path: Path = PROJECT_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    llm_threads: int = 2
    llm_context: int = 2048
    # generation
    llm_max_tokens: int = 160  # one to three sentences; a runaway reply (prompt echo) ends sooner
    llm_temperature: float = 0.0
    # Sources in the prompt. Reading the prompt dominates the wait on a CPU, and a small model given several
    # sentences often answers from the wrong one. "selected" (default): the sentences the extractive answer would
    # quote (rag.answer.select_sentences: the best one, plus those nearly as good), at most llm_max_sentences;
    # "sentences": the retriever's llm_max_sentences best sentences of the top paragraphs; "passages": the
    # llm_max_passages top paragraphs, each cut to its best sentences near llm_passage_chars. Facts found on the dev
    # questions: selected 0.86; sentences 0.76 (2), 0.57 (3), 0.67 (4); passages 0.71.
    llm_sources: str = "selected"
    llm_max_sentences: int = 3
    llm_max_passages: int = 3
    llm_passage_chars: int = 300
    llm_language_retries: int = 1  # an answer in the other language is asked for once more, then falls back
    # local model, English question: forbid the tokens that write Chinese (rag/llm/token_mask.py). English answers in
    # English on the dev questions: 7/9 without (two fell back to Chinese quotes, two more mixed in Chinese names)
    llm_english_tokens_only: bool = True
    # remote endpoints
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "qwen2.5-coder-1.5b-instruct"
    openai_api_key: str = "not-needed"
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5-coder:1.5b"
    # bounded waits: connecting, and a whole answer (remote read timeout / local deadline between chunks)
    llm_connect_timeout: float = 3.0
    llm_timeout: float = 60.0
    # citation check: a sentence is supported when its best passage sentence scores at least this much
    llm_min_overlap: float = 0.5  # share of the sentence's CJK bigrams / Latin words / numbers in the passage sentence
    llm_min_new: float = 0.5  # share of what the sentence adds to the question that the passage sentence must contain
    llm_min_cosine: float = 0.35  # USE-m3 cosine to a passage sentence or clause, for sentences in another language
    # (translations scored 0.42-0.66, unrelated sentences -0.14-0.25 on a small check; a correct English date
    # sentence, "The open debate was held on January 10, 2017.", scored 0.376 against its long Chinese source)
    # conversation: rewrite follow-up questions into stand-alone ones before retrieval
    llm_rewrite: bool = True

    @classmethod
    def from_env(cls, **overrides) -> "LlmSettings":
        return settings_from_env(cls, overrides)
