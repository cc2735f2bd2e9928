"""Follow-up questions rewritten into stand-alone ones before retrieval.

The chat model is asked only when there is a history AND the question carries a follow-up cue (a pronoun or
reference such as 它/他们/这些/上述 or it/they/those, "what about …", or a very short question such as "为什么？").
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
from rag.text import detect_language
from rag.types import Rewrite

GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|thanks?|thank you|good (?:morning|afternoon|evening)|bye|goodbye|ok(?:ay)?|"
    r"你好|您好|嗨|谢谢|多谢|再见|好的)[\s!！.。,，~]*(?:there|you|everyone|大家)?[\s!！.。,，~]*$",
    re.IGNORECASE,
)
_ZH_CUES = re.compile(r"它们?|他们|她们|(?<![其吉])他(?![国人])|她|这些|那些|这个|那个|这一点|这方面|上述|前者|后者|该(?:机构|组织|问题|文件|报告)|此事|还有呢|那么|呢[？?]?\s*$")
_EN_CUES = re.compile(
    r"\b(?:it|its|they|them|their|he|him|his|she|her|these|those|the former|the latter|that one|this one)\b|"
    r"^\s*(?:and|but|also|what about|how about|what else|anything else|more)\b",
    re.IGNORECASE,
)


_QUESTION_WORD = re.compile(r"什么|哪|谁|如何|怎样|怎么|为什么|为何|吗|多少|是否|\b(?:what|who|when|where|why|how|which)\b", re.I)


def is_greeting(question: str) -> bool:
    return bool(GREETING.match(question))


def needs_rewrite(question: str, history: list | None) -> bool:
    """Only a follow-up with context to resolve is rewritten."""
    if not history or is_greeting(question):
        return False
    q = question.strip()
    if detect_language(q) == "zh":
        return bool(_ZH_CUES.search(q)) or len(re.sub(r"[\s？?。！!，,]", "", q)) <= 4
    return bool(_EN_CUES.search(q)) or len(q.split()) <= 3


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


def clean_rewrite(reply: str, question: str) -> str | None:
    """The rewritten question from the model's reply, or None when the reply is not a usable question."""
    text = reply.strip().strip("`").strip()
    text = re.sub(r"^(?:stand-?alone question|rewritten question|question|问题)\s*[:：]\s*", "", text, flags=re.I)
    text = text.splitlines()[0].strip().strip('"“”「」') if text else ""
    if not text or re.search(r"\[\d+\]", text):
        return None
    if len(text) > 3 * len(question) + 60:
        return None
    if detect_language(text) != detect_language(question):
        return None
    if not (text.endswith(("?", "？")) or _QUESTION_WORD.search(text)):  # an answer or a statement, not a question
        return None
    if len(text) < len(question):  # dropped words instead of adding the missing context
        return None
    return text


def rewrite(question: str, history: list | None, chat_model: BaseChatModel | None) -> Rewrite:
    """A stand-alone version of `question` given the conversation so far (or the question itself)."""
    q = question.strip()
    if not history:
        return Rewrite(q, q, False, "no history")
    if is_greeting(q):
        return Rewrite(q, q, False, "greeting")
    if not needs_rewrite(q, history):
        return Rewrite(q, q, False, "no follow-up cue")
    if chat_model is None:
        return Rewrite(q, q, False, "no chat model")
    t0 = time.perf_counter()
    try:
        with generation_lock(chat_model):
            reply = chat_model.invoke([HumanMessage(prompts.render("rewrite", history=format_history(history), question=q))])
        content = reply.content if isinstance(reply.content, str) else ""
    except Exception as e:  # unreachable, timeout: retrieve with the question as asked
        return Rewrite(q, q, False, f"rewrite failed: {type(e).__name__}", time.perf_counter() - t0)
    text = clean_rewrite(content, q)
    if text is None:
        return Rewrite(q, q, False, "unusable rewrite", time.perf_counter() - t0)
    return Rewrite(text, q, text != q, "follow-up", time.perf_counter() - t0)


def ask_in_conversation(pipeline, question: str, history: list | None, chat_model: BaseChatModel | None):
    """`pipeline.ask` on the stand-alone form of a follow-up question; the Answer records both forms (`rewrite`)."""
    r = rewrite(question, history, chat_model)
    answer = pipeline.ask(r.question)
    answer.question = r.original
    answer.rewrite = r
    return answer
