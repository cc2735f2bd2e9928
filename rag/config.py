"""All settings in one place, validated on creation. Each field can be overridden by an environment variable
`RAG_<FIELD>`, and each field of a nested group by `RAG_<GROUP>_<FIELD>` (e.g. `RAG_TOP_K=8`,
`RAG_FUSION_LEXICAL=1.5`, `RAG_BM25_K1=1.2`)."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from rag.fusion import FusionWeights
from vectorstore.bm25_index import BM25Params

PROJECT_ROOT = Path(__file__).resolve().parent.parent

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
    max_question_chars: int = 2000
    # Retrieval: how the signals of both language versions are fused (rag/fusion.py), and BM25's parameters.
    # Chosen by cross-validation on the development questions (scripts/tune_fusion.py); stored with the index.
    fusion: FusionWeights = field(default_factory=FusionWeights)
    bm25: BM25Params = field(default_factory=BM25Params)
    # Refusal: below this best sentence similarity (USE-m3 cosine) nothing in the document is on topic.
    min_use_similarity: float = 0.2
    # Extractive answers: further sentences join the best one only when this close to it.
    extra_sentence_ratio: float = 0.6
    max_answer_sentences: int = 3
    # Answer generator: auto (the local LLM once `make setup-llm` prepared it, else extractive), extractive, local,
    # openai, ollama. See rag/llm.
    backend: str = "auto"
    # Documents without an English version get a machine translation at index time when the local LLM is there.
    machine_translation: bool = True
    log_level: str = "WARNING"

    def __post_init__(self):
        if self.top_k < 1:
            raise SettingsError(f"top_k must be at least 1 (got {self.top_k})")
        if self.max_question_chars < 1:
            raise SettingsError(f"max_question_chars must be at least 1 (got {self.max_question_chars})")
        if not 0 < self.extra_sentence_ratio <= 1:
            raise SettingsError(f"extra_sentence_ratio must be in (0, 1] (got {self.extra_sentence_ratio})")
        if self.max_answer_sentences < 1:
            raise SettingsError(f"max_answer_sentences must be at least 1 (got {self.max_answer_sentences})")

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
