"""Earlier questions of a conversation, as API clients send them."""
from __future__ import annotations

import json
from typing import Any


def previous_questions(history: Any) -> list[str]:
    """Earlier user questions from an API `history`: a list of questions, of chat messages ({role, content}),
    of [user, assistant] pairs, or the same as a JSON string; a plain string is one earlier question."""
    if history is None or history == "":
        return []
    if isinstance(history, str):
        try:
            history = json.loads(history)
        except ValueError:
            return [history]
        if isinstance(history, str):
            return [history]
    out: list[str] = []
    for item in history if isinstance(history, list) else []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and item.get("role") == "user" and isinstance(item.get("content"), str):
            out.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            out.append(item[0])
    return [q for q in out if q.strip()]
