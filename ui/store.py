"""What the chat keeps: the conversation's questions in the browser (Gradio's `BrowserState`, the page's
localStorage: per browser, so per user, and never on the server), and the conversation's Markdown export as a
file for the download button.

Written by hand: only the questions are kept (short, no document text), as a list of {"q", "mode"}; a reload asks
them again (ui/app.py `restore`), so what the page shows after a reload is made by the same code as before it.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Sequence

from rag.types import Document, Turn
from ui.export import conversation_markdown

STORAGE_KEY = "unrag-conversation"
EXPORT_DIR = Path(tempfile.gettempdir()) / "unrag-exports"


def questions(saved: Any) -> list[str]:
    """The saved questions, oldest first; anything else in the browser's storage is ignored."""
    items = saved if isinstance(saved, list) else []
    return [x["q"] for x in items if isinstance(x, dict) and isinstance(x.get("q"), str) and x["q"].strip()]


def remember(saved: Any, question: str, mode: str | None, limit: int) -> list[dict]:
    """The saved list with `question` added, the last `limit` kept."""
    kept = [{"q": q} for q in questions(saved)]
    kept.append({"q": question, "mode": mode or ""})
    return kept[-limit:]


def export_file(turns: Sequence[Turn], document: Document | None) -> str:
    """The conversation as a Markdown file (a new file each time: downloads never see another's)."""
    EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    symbol = (document.id if document else "S-2017-105").replace("/", "-")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".md", prefix=f"{symbol}-conversation-",
                                     dir=EXPORT_DIR, delete=False) as f:
        f.write(conversation_markdown(turns, document))
    return f.name
