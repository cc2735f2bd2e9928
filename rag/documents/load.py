"""The document in every language version, as the pipeline serves it: the original parsed from the corpus, the
aligned files beside it, and for a language with no file, a machine version when the local LLM is prepared (made
once by the local model and kept in the index's payload, rag/documents/translate.py)."""
from __future__ import annotations

import logging
from typing import Callable

from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.versions import load_versions
from rag.types import DocumentVersions

log = logging.getLogger(__name__)

TARGET_LANGUAGES = ("zh", "en")  # every document is offered in these; a missing one may be machine-made


def load_all_versions(settings: Settings, on_notice: Callable[[str], None]) -> tuple[DocumentVersions, dict]:
    """(the document's versions, the index payload that keeps its machine versions)."""
    original = load_document(settings.corpus, settings.metadata)
    versions = load_versions(original, settings.corpus, TARGET_LANGUAGES)
    missing = [lang for lang in TARGET_LANGUAGES if versions.version(lang) is None]
    if missing and settings.machine_translation:
        return machine_versions(versions, missing, settings, on_notice)
    return versions, {}


def machine_versions(versions: DocumentVersions, languages: list[str], settings: Settings,
                     on_notice: Callable[[str], None]) -> tuple[DocumentVersions, dict]:
    """`versions` with a machine version for each of `languages` (reused from the index when the original and
    the model are unchanged), and the payload entries to store; unchanged when the local LLM is not prepared."""
    from rag.documents.translate import PAYLOAD_KEY, cached_version, payload_entry, translate_document
    from rag.llm.backends import local_model_id, make_chat_model
    from rag.retrieval.index import cached_payload

    model_id = local_model_id(settings)
    if model_id is None:  # the local LLM is not prepared: no machine version, the encoders cross languages
        return versions, {}
    cache = cached_payload(settings.index_dir)
    entries = {}
    for lang in languages:
        version = cached_version(cache, versions.original, lang, model_id)
        if version is None:
            on_notice(f"{versions.id} has no {lang} version; translating it with the local model (once).")
            try:
                version = translate_document(versions.original, lang, make_chat_model("local", settings))
            except Exception as e:
                on_notice(f"no machine {lang} version: {e}")
                continue
        entries[lang] = payload_entry(versions.original, version, model_id)
        versions = versions.with_translation(version)
    return versions, ({PAYLOAD_KEY: entries} if entries else {})
