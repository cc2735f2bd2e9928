"""Every document the pipeline serves, in every language version: the project's own (the corpus and the aligned
files beside it, data/), the user's library (rag/documents/library.py), and for a language a document lacks, a
machine version when the local LLM is prepared (made once by the local model and kept in that document's index
payload, rag/documents/translate.py)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from rag.config import Settings
from rag.documents.corpus import load_document
from rag.documents.library import Library, align
from rag.documents.versions import load_versions
from rag.types import DocumentVersions

log = logging.getLogger(__name__)

TARGET_LANGUAGES = ("zh", "en")  # every document is offered in these; a missing one may be machine-made
PREFERENCE = {"official": 0, "unofficial": 1, "machine": 2}  # a version of better provenance replaces another


@dataclass
class LoadedDocument:
    """A document's versions and the index payload that keeps its machine versions."""

    versions: DocumentVersions
    payload: dict = field(default_factory=dict)


def load_all_versions(settings: Settings, on_notice: Callable[[str], None]) -> tuple[DocumentVersions, dict]:
    """The project's own document (S/2017/105) with its versions, and its index payload."""
    project = _project_document(settings)
    return _with_machine_versions(project, settings, on_notice)


def load_library(settings: Settings, on_notice: Callable[[str], None], translate: bool = True
                 ) -> list[LoadedDocument]:
    """The project's document first, then the user's, each with its versions (a user's version of the project's
    document joins it, replacing a version of lesser provenance in the same language). `translate`: make missing
    machine versions (else only those already kept in the index are used)."""
    project = _project_document(settings)
    added = Library(settings.library_dir).load() if settings.library_dir.is_dir() else []
    docs: list[DocumentVersions] = []
    for versions in added:
        if versions.id == project.id:
            project = merge(project, versions)
        else:
            docs.append(versions)
    return [LoadedDocument(*_with_machine_versions(v, settings, on_notice, translate)) for v in [project, *docs]]


def complete(versions: DocumentVersions, settings: Settings, on_notice: Callable[[str], None],
             translate: bool = True) -> LoadedDocument:
    """One document as the pipeline will serve it (`rag add` indexes it before it joins the library): joined with
    the project's own when it is the project's document, with machine versions for the languages it lacks."""
    if versions.id == project_symbol(settings):
        project = _project_document(settings)
        if versions.original.sha256 != project.original.sha256:
            versions = merge(project, versions)
    versions, payload = _with_machine_versions(versions, settings, on_notice, translate)
    return LoadedDocument(versions, payload)


def project_symbol(settings: Settings) -> str:
    """The symbol of the project's own document (data/)."""
    from rag.documents.corpus import read_metadata

    return read_metadata(settings.metadata).get("symbol") or load_document(settings.corpus, settings.metadata).id


def _project_document(settings: Settings) -> DocumentVersions:
    """S/2017/105 from data/: the corpus and the aligned files beside it, each version with its file's sha256."""
    from dataclasses import replace

    from rag.documents.versions import aligned_path

    original = load_document(settings.corpus, settings.metadata)
    original = replace(original, sha256=file_sha256(settings.corpus))
    versions = load_versions(original, settings.corpus, TARGET_LANGUAGES)
    translations = tuple(replace(t, sha256=file_sha256(aligned_path(settings.corpus, original.id, t.language)))
                         for t in versions.translations)
    return DocumentVersions(original, translations)


def file_sha256(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def merge(base: DocumentVersions, added: DocumentVersions) -> DocumentVersions:
    """`base` with the versions of `added` (the same document): each language's best provenance wins; a version
    that is not aligned with the original is left out with a warning."""
    by_language = {d.language: d for d in (base.original, *base.translations)}
    for doc in (added.original, *added.translations):
        current = by_language.get(doc.language)
        if doc.language == base.original.language:
            if current is not None and doc.sha256 and doc.sha256 != current.sha256:
                log.warning("%s: the added %s text differs from the project's; the project's is kept as the original",
                            base.id, doc.language)
            continue
        if current is None or PREFERENCE.get(doc.provenance, 9) <= PREFERENCE.get(current.provenance, 9):
            by_language[doc.language] = doc
    others = [d for lang, d in by_language.items() if lang != base.original.language]
    merged = align(base.original, others)
    missing = {d.language for d in others} - set(merged.languages)
    for lang in missing:  # not aligned: keep what the base had in that language
        kept = base.version(lang)
        if kept is not None:
            merged = merged.with_translation(kept)
    return merged


def _with_machine_versions(versions: DocumentVersions, settings: Settings, on_notice: Callable[[str], None],
                           translate: bool = True) -> tuple[DocumentVersions, dict]:
    missing = [lang for lang in TARGET_LANGUAGES if versions.version(lang) is None]
    if missing and settings.machine_translation:
        return machine_versions(versions, missing, settings, on_notice, translate)
    return versions, {}


def machine_versions(versions: DocumentVersions, languages: list[str], settings: Settings,
                     on_notice: Callable[[str], None], translate: bool = True) -> tuple[DocumentVersions, dict]:
    """`versions` with a machine version for each of `languages` (reused from the index when the original and
    the model are unchanged), and the payload entries to store; unchanged when the local LLM is not prepared."""
    from rag.documents.translate import PAYLOAD_KEY, cached_version, payload_entry, translate_document
    from rag.llm.backends import local_model_id, make_chat_model
    from rag.retrieval.index import cached_payload

    model_id = local_model_id(settings)
    if model_id is None:  # the local LLM is not prepared: no machine version, the encoders cross languages
        return versions, {}
    cache = cached_payload(settings, versions)
    entries = {}
    for lang in languages:
        version = cached_version(cache, versions.original, lang, model_id)
        if version is None and not translate:
            continue
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
