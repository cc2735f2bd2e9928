"""What leaves the page as text: one answer for the clipboard (its text, then its citations as footnotes) and the
whole conversation as Markdown (each citation with its document, its label and its verbatim quote).

Written by hand: the formats are the project's own. Nothing here shows an internal passage id; labels are the
reader's (ui/render.py `passage_label`, the letter named as the outline names it). Markdown specials in text from the
document or a person are escaped, so a question cannot inject links or HTML into an exported note.
"""
from __future__ import annotations

import re
from typing import Sequence

from rag.types import Answer, Citation, Document, Turn
from ui.render import passage_label, reader_label

TITLE = {"zh": "对话记录", "en": "Conversation"}
ORIGINAL = {"zh": "原文", "en": "original"}
TRANSLATION = {"zh": "{provenance} 译文", "en": "{provenance} translation"}


def _md(text: str) -> str:
    """Markdown specials escaped; an answer's [n] markers become footnote references [^n]."""
    escaped = re.sub(r"([\\`*_<>\[\]#|!])", r"\\\1", text or "")
    return re.sub(r"\\\[(\d+)\\\]", r"[^\1]", escaped)


def _label(c: Citation) -> str:
    tr = c.translation
    return reader_label(tr.label, tr.language) if tr and tr.label else passage_label(c.passage)


def _footnote(c: Citation, symbol: str, language: str) -> str:
    symbol = c.passage.doc_symbol or symbol  # in a library of documents, each citation names its own
    tr = c.translation
    if tr:
        kind = TRANSLATION.get(language, TRANSLATION["en"]).format(provenance=tr.provenance)
        return (f"{symbol}, {_label(c)}: “{tr.quote}” ({ORIGINAL.get(language, 'original')}: “{c.quote}”; "
                f"{kind})")
    return f"{symbol}, {_label(c)}: “{c.quote}”"


def answer_text(answer: Answer, document: Document | None = None) -> str:
    """An answer for the clipboard: its text with [n], then one footnote per citation."""
    symbol = document.id if document else "S/2017/105"
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines += [f"[{c.n}] {_footnote(c, symbol, answer.language)}" for c in answer.citations]
    return "\n".join(lines)


def conversation_markdown(turns: Sequence[Turn], document: Document | None = None) -> str:
    """The whole conversation as Markdown: every question, its answer, and its citations as footnotes."""
    symbol = document.id if document else "S/2017/105"
    language = next((t.answer.language for t in turns if t.answer is not None), "en")
    out = [f"# {symbol} · {TITLE.get(language, TITLE['en'])}", ""]
    for t in turns:
        if t.answer is None:
            continue
        a = t.answer
        out += [f"## {_md(t.question)}", "", _md(a.answer), ""]
        out += [f"[^{c.n}]: {_md(_footnote(c, symbol, a.language))}" for c in a.citations]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
