"""Reading the settings dataclasses from `RAG_*` environment variables (rag/config.py documents the names).

Hand-written: pydantic-settings does this, but the settings are frozen dataclasses validated in `__post_init__`
and the names documented before the grouping (`ENV_ALIASES`) must keep working.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import fields, replace
from pathlib import Path

# Variable names from before the grouping -> the group's prefix they stand for.
ENV_ALIASES = {
    "RAG_TOP_K": "RAG_RETRIEVAL_TOP_K",
    "RAG_QUERY_THREADS": "RAG_RETRIEVAL_QUERY_THREADS",
    "RAG_FUSION_": "RAG_RETRIEVAL_FUSION_",
    "RAG_BM25_": "RAG_RETRIEVAL_BM25_",
    "RAG_MAX_QUESTION_CHARS": "RAG_QUESTION_MAX_CHARS",
    "RAG_EXTRA_SENTENCE_RATIO": "RAG_COMPOSING_EXTRA_SENTENCE_RATIO",
    "RAG_MAX_ANSWER_SENTENCES": "RAG_COMPOSING_MAX_ANSWER_SENTENCES",
    "RAG_STORE": "RAG_STORE_BACKEND",  # RAG_STORE=files|postgres (issue 24)
}


class SettingsError(ValueError):
    """A setting (or the environment variable that sets it) has a value that cannot be used."""


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


def _environment() -> dict[str, tuple[str, str]]:
    """Grouped name -> (value, the variable it was read from): the RAG_* variables, with the names of ENV_ALIASES
    rewritten to the grouped ones (a grouped name wins)."""
    env = {k: v for k, v in os.environ.items() if k.startswith("RAG_")}
    out = {k: (v, k) for k, v in env.items()}
    for key, value in env.items():
        for old, new in ENV_ALIASES.items():
            exact = not old.endswith("_")
            if (exact and key == old) or (not exact and key.startswith(old)):
                out.setdefault(new + key[len(old):], (value, key))
    return out


def _from_env(cls, prefix: str, env: dict[str, tuple[str, str]]) -> dict:
    values = {}
    defaults = cls()
    for f in fields(cls):
        default = getattr(defaults, f.name)
        name = f"{prefix}{f.name.upper()}"
        if dataclasses.is_dataclass(default):
            nested = _from_env(type(default), name + "_", env)
            if nested:
                try:
                    values[f.name] = replace(default, **nested)
                except (TypeError, ValueError) as e:
                    raise SettingsError(f"{name}_*: {e}") from None
            continue
        if name in env:
            raw, origin = env[name]
            values[f.name] = _convert(raw, default, origin)
    return values


def settings_from_env(cls, overrides: dict):
    """An instance of the settings dataclass `cls`: defaults, then `RAG_<FIELD>` variables, then non-None overrides.
    Raises SettingsError naming the variable when a value cannot be used."""
    values = _from_env(cls, "RAG_", _environment())
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return cls(**values)
    except SettingsError:
        raise
    except (TypeError, ValueError) as e:
        raise SettingsError(str(e)) from None
