"""Machine versions: a document with no version in a language gets one from the local LLM when the index is
built, sentence by sentence, so that it stays aligned with the original (rag/documents/versions.py).

The version is kept in the index's payload under `machine_versions.<language>`, keyed by a fingerprint of the
original's text and the model's identity; a rebuild of the index reuses it while both match. Progress is shown on
standard error. Each unit (title, section title, signature line, sentence) is translated on its own with the prompt
`prompts/translate.txt`; a reply that is empty gets the original's words instead (and is logged), so the version
never loses a sentence.
"""
from __future__ import annotations

import logging
from typing import Callable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from rag.retrieval.index import original_fingerprint
from rag.types import AlignmentError, Document
from rag.documents.versions import LANGUAGE_NAMES, build_version, read_aligned_dict, sentence_units, title_units, to_aligned

log = logging.getLogger(__name__)

PAYLOAD_KEY = "machine_versions"


def translate_unit(model: BaseChatModel, text: str, source: str, target: str) -> str:
    """One unit translated by the chat model: its first non-empty line, stripped."""
    system = prompts.render("translate", source=LANGUAGE_NAMES.get(source, source),
                            target=LANGUAGE_NAMES.get(target, target))
    reply = model.invoke([SystemMessage(system), HumanMessage(text)])
    content = reply.content if isinstance(reply.content, str) else ""
    return next((line.strip() for line in content.splitlines() if line.strip()), "")


def _progress(language: str):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(f"[bold]Machine {language} version[/]"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=Console(stderr=True))


def translate_document(original: Document, language: str, model: BaseChatModel,
                       on_progress: Callable[[int, int], None] | None = None, show_progress: bool = True) -> Document:
    """The `language` version of `original`, made unit by unit by `model`, marked `machine`."""
    units = {**title_units(original), **sentence_units(original)}
    todo = {k: v for k, v in units.items() if v.strip()}
    done: dict[str, str] = {k: v for k, v in units.items() if not v.strip()}
    total = len(todo)
    bar = _progress(language)
    with bar:
        task = bar.add_task("", total=total, visible=show_progress)
        for i, (uid, text) in enumerate(todo.items(), 1):
            try:
                translated = translate_unit(model, text, original.language, language)
            except Exception as e:  # a failed call keeps the original's words for this unit
                log.warning("machine translation of %s failed: %s", uid, e)
                translated = ""
            if not translated:
                log.warning("machine translation of %s is empty; keeping the original's words", uid)
            done[uid] = translated or text
            bar.advance(task)
            if on_progress:
                on_progress(i, total)
    titles = {k: v for k, v in done.items() if "#" not in k}
    sentences = {k: v for k, v in done.items() if "#" in k}
    return build_version(original, language, titles, sentences, "machine")


def cached_version(payload: dict, original: Document, language: str, model_id: str) -> Document | None:
    """The machine version kept in an index payload, when it was made from this text by this model."""
    entry = (payload.get(PAYLOAD_KEY) or {}).get(language)
    if not isinstance(entry, dict):
        return None
    if entry.get("original") != original_fingerprint(original) or entry.get("model") != model_id:
        return None
    try:
        return read_aligned_dict(entry["aligned"], original)
    except (AlignmentError, ValueError, KeyError, TypeError) as e:
        log.warning("cached machine version not used: %s", e)
        return None


def payload_entry(original: Document, version: Document, model_id: str) -> dict:
    return {"original": original_fingerprint(original), "model": model_id, "aligned": to_aligned(original, version)}
