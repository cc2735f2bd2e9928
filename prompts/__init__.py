"""Prompt templates of the generative answerer, kept as text files next to this module.

`load(name)` reads `<name>.txt`; `render(name, **fields)` fills its `{field}` placeholders (only those named,
so braces elsewhere in a template or in the sources are left alone).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PROMPT_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (PROMPT_DIR / f"{name}.txt").read_text(encoding="utf-8").strip()


def render(name: str, **fields: str) -> str:
    pattern = re.compile("|".join(re.escape("{" + k + "}") for k in fields)) if fields else None
    text = load(name)
    return pattern.sub(lambda m: fields[m.group(0)[1:-1]], text) if pattern else text
