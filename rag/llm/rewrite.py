"""Follow-up questions rewritten into stand-alone ones before retrieval.

The chat model is asked only when there is a history AND the question is a follow-up of the last question asked
(`rag.conversation.followup.is_followup`, the one rule the chat uses for follow-ups).
A greeting or a question that needs no context is passed through unchanged, so rewriting can never distort it;
a rewrite that comes back empty, too long, in another language, or as an answer (with [n] markers) is discarded.
"""
from __future__ import annotations

import re
import time
from typing import Iterable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

import prompts
from rag.llm.backends import generation_lock
from rag.conversation.followup import is_followup, is_greeting
from rag.analysis.text import detect_language
from rag.config import ConversationSettings
from rag.types import Rewrite
from rag.analysis.words import QUESTION_WORD


def history_pairs(history: Iterable) -> list[tuple[str, str]]:
    """(role, text) from Gradio messages ({"role", "content"}), (user, assistant) pairs or (role, text) tuples."""
    out: list[tuple[str, str]] = []
    for item in history or []:
        if isinstance(item, dict):
            content = item.get("content")
            if isinstance(content, str):
                out.append((item.get("role", "user"), content))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            a, b = item
            if a in ("user", "assistant", "system"):
                out.append((a, str(b)))
            else:
                if a:
                    out.append(("user", str(a)))
                if b:
                    out.append(("assistant", str(b)))
    return out


def format_history(history: Iterable, turns: int = 4, chars: int = 300) -> str:
    pairs = [(r, t) for r, t in history_pairs(history) if r in ("user", "assistant")][-turns:]
    lines = []
    for role, text in pairs:
        text = re.sub(r"\[\d+\]", "", " ".join(text.split()))
        lines.append(f"{'User' if role == 'user' else 'Assistant'}: {text[:chars]}")
    return "\n".join(lines)


def clean_rewrite(reply: str, question: str, max_growth: int = 60) -> str | None:
    """The rewritten question from the model's reply, or None when the reply is not a usable question."""
    text = reply.strip().strip("`").strip()
    text = re.sub(r"^(?:stand-?alone question|rewritten question|question|问题)\s*[:：]\s*", "", text, flags=re.I)
    text = text.splitlines()[0].strip().strip('"“”「」') if text else ""
    if not text or re.search(r"\[\d+\]", text):
        return None
    if len(text) > 3 * len(question) + max_growth:
        return None
    if detect_language(text) != detect_language(question):
        return None
    if not (text.endswith(("?", "？")) or QUESTION_WORD.search(text)):  # an answer or a statement, not a question
        return None
    if len(text) < len(question):  # dropped words instead of adding the missing context
        return None
    return text


def rewrite(question: str, history: list | None, chat_model: BaseChatModel | None,
            settings: ConversationSettings | None = None) -> Rewrite:
    """A stand-alone version of `question` given the conversation so far (or the question itself)."""
    settings = settings or ConversationSettings()
    q = question.strip()
    if not history:
        return Rewrite(q, q, False, "no history")
    if is_greeting(q):
        return Rewrite(q, q, False, "greeting")
    asked = [text for role, text in history_pairs(history) if role == "user"]
    if not asked or not is_followup(q, asked[-1], settings):
        return Rewrite(q, q, False, "no follow-up cue")
    if chat_model is None:
        return Rewrite(q, q, False, "no chat model")
    t0 = time.perf_counter()
    try:
        with generation_lock(chat_model):
            reply = chat_model.invoke([HumanMessage(prompts.render("rewrite", question=q, history=format_history(
                history, settings.rewrite_turns, settings.rewrite_turn_chars)))])
        content = reply.content if isinstance(reply.content, str) else ""
    except Exception as e:  # unreachable, timeout: retrieve with the question as asked
        return Rewrite(q, q, False, f"rewrite failed: {type(e).__name__}", time.perf_counter() - t0)
    text = clean_rewrite(content, q, settings.rewrite_max_growth)
    if text is None:
        return Rewrite(q, q, False, "unusable rewrite", time.perf_counter() - t0)
    return Rewrite(text, q, text != q, "follow-up", time.perf_counter() - t0)
