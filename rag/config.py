"""All settings in one place. Each field can be overridden by an environment variable `RAG_<FIELD>`."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Never reach for a model hub: every model is loaded from local files.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@dataclass(frozen=True)
class Settings:
    corpus: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.txt"
    metadata: Path = PROJECT_ROOT / "data" / "S_2017_105_zh.meta.json"
    glossary: Path = PROJECT_ROOT / "data" / "glossary_en_zh.tsv"
    index_dir: Path = PROJECT_ROOT / "index"
    model_dir: Path = PROJECT_ROOT / "models" / "multilingual-e5-small"
    top_k: int = 5  # passages returned by retrieval (the JSON `retrieved` list)
    max_question_chars: int = 2000
    # Fusion weights, measured on the development questions (see rag/retrieve.py for the formula).
    dense_weight: float = 0.5
    lexical_weight_zh: float = 3.0
    lexical_weight_en: float = 1.0
    paragraph_weight_zh: float = 0.0
    paragraph_weight_en: float = 1.0
    # Refusal: below this best sentence similarity (USE-m3 cosine) nothing in the document is on topic.
    min_use_similarity: float = 0.2
    # An English name (capitalised), or a word CC-CEDICT translates into nothing the document holds, whose nearest
    # document term is also below this USE cosine, is not in the document (nuclear 0.55, Russian 0.49, ocean 0.47).
    min_name_similarity: float = 0.6
    # Extractive answers: further sentences join the best one only when this close to it.
    extra_sentence_ratio: float = 0.85
    max_answer_sentences: int = 3
    # Answer generator: auto (the local LLM once `make setup-llm` prepared it, else extractive), extractive, local,
    # openai, ollama. See rag/llm.
    backend: str = "auto"
    log_level: str = "WARNING"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        return settings_from_env(cls, overrides)


def settings_from_env(cls, overrides: dict):
    """An instance of the settings dataclass `cls`: defaults, then `RAG_<FIELD>` variables, then non-None overrides."""
    values = {}
    for f in fields(cls):
        raw = os.environ.get(f"RAG_{f.name.upper()}")
        if raw is None:
            continue
        default = getattr(cls, f.name)
        if isinstance(default, bool):
            values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, Path):
            values[f.name] = Path(raw)
        else:
            values[f.name] = type(default)(raw)
    return replace(cls(**values), **{k: v for k, v in overrides.items() if v is not None})
