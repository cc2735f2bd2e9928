"""Text made safe for Markdown: what a person typed (a topic, a question) or a document holds, written into a note
so that any Markdown viewer, with raw HTML enabled or not, shows it as the same text and nothing else.

`md_text` writes `&`, `<` and `>` as HTML entities (so no tag, comment or autolink such as `<javascript:…>` can
start), puts a backslash before the characters that open inline syntax (`\\`, code, emphasis, strike-through) and
before a `(` that follows `]` (so `[x](javascript:…)` and `![x](…)` stay text, while the answers' `[1]` markers
read as they are), and folds line breaks into spaces (no heading, list, table, link definition or HTML block can
begin on a line of its own). Written by hand: markdown-it-py and Python-Markdown render Markdown but offer no escaping of it;
the rule is CommonMark's own (every ASCII punctuation character may be backslash-escaped, entities are decoded).
"""
from __future__ import annotations

import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SYNTAX = re.compile(r"([\\`*_~]|(?<=\])\()")
_HTML = re.compile(r"[&<>]")


def md_text(text: str | None) -> str:
    """`text` as literal Markdown inline text."""
    flat = " ".join((text or "").splitlines())
    return _SYNTAX.sub(r"\\\1", _HTML.sub(lambda m: _ENTITIES[m.group(0)], flat))


def md_code(text: str | None) -> str:
    """`text` as a Markdown code span (for ids): backticks and line breaks removed, so the span cannot end early."""
    return "`" + " ".join((text or "").replace("`", "").splitlines()) + "`"
