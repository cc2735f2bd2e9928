"""The library's search index: one index per document (`<index_dir>/<slug>/`), so that adding, replacing or
removing a document indexes only that document; what goes into each (each language version's paragraphs and
sentences, one collection each; vectorstore/store.py does the indexing, atomically), when it must be rebuilt, and
the machine versions it keeps (rag/documents/translate.py).

Where the index lives is the store back end's business (`store_backend`, `RAG_STORE`): folders of files under
the index folder (the default), or PostgreSQL (vectorstore/postgres_store.py); a document's key is its slug.

Collections are named `<language>.<unit>`: `zh.paragraph`, `zh.sentence`, `en.paragraph`, `en.sentence`. Units are
keyed by passage id (paragraphs) and sentence id (`<passage id>#<k>`), the same in every version. Paragraphs and
sentences are embedded as written; BM25 also reads their section titles, so that a question naming a section
("结论中…", "in the conclusion") finds its sentences.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Callable, Mapping

from rag.config import Settings
from rag.analysis.text import tokenizer
from rag.types import Document, DocumentVersions
from vectorstore import store as vstore
from vectorstore.protocol import Store, StoreBackend
from vectorstore.e5_convert import CONVERTER_VERSION
from vectorstore.embeddings import E5_NAME, USE_NAME

log = logging.getLogger(__name__)

UNITS = ("paragraph", "sentence")
TOKENIZER_VERSION = 2  # bump when rag.analysis.text's tokenizers change what they return


def collection_name(language: str, unit: str) -> str:
    return f"{language}.{unit}"


def collection_specs(versions: DocumentVersions) -> list[vstore.CollectionSpec]:
    """One paragraph and one sentence collection per language version."""
    specs = []
    for doc in (versions.original, *versions.translations):
        passages = doc.passages()
        titles = [" ".join(p.section_path) for p in passages]
        specs.append(vstore.CollectionSpec(
            collection_name(doc.language, "paragraph"), [p.id for p in passages], [p.text for p in passages],
            [f"{t} {p.text}" for t, p in zip(titles, passages)], doc.language))
        ids, texts, keywords = [], [], []
        for t, p in zip(titles, passages):
            for k, span in enumerate(p.spans()):
                ids.append(p.sentence_id(k))
                texts.append(span.text)
                keywords.append(f"{t} {span.text}")
        specs.append(vstore.CollectionSpec(collection_name(doc.language, "sentence"), ids, texts, keywords,
                                           doc.language))
    return specs


def content_sha256(specs: list[vstore.CollectionSpec]) -> str:
    """What the index holds, as one fingerprint: every collection's ids, texts and keyword texts."""
    h = hashlib.sha256()
    for s in specs:
        h.update(json.dumps([s.name, s.tokenizer, s.ids, s.texts, s.keyword_texts], ensure_ascii=False).encode())
    return h.hexdigest()


def expected_manifest(versions: DocumentVersions, specs: list[vstore.CollectionSpec]) -> dict:
    """The keys that say what an index was built from: a difference in any of them means a rebuild."""
    return {
        "document": versions.id,
        "models": {"e5": f"{E5_NAME}, converter v{CONVERTER_VERSION}", "use": USE_NAME},
        "tokenizers": f"jieba 0.42.1 + snowball english, v{TOKENIZER_VERSION}",
        "versions": {d.language: d.provenance for d in (versions.original, *versions.translations)},
        "content_sha256": content_sha256(specs),
    }


def tokenizers(versions: DocumentVersions) -> dict[str, Callable[[str], list[str]]]:
    return {lang: tokenizer(lang) for lang in versions.languages}


def document_folder(index_dir: Path, versions: DocumentVersions) -> Path:
    """Where one document's index lives."""
    return Path(index_dir) / versions.original.slug


def prepare_root(index_dir: Path) -> None:
    """The library index's folder: created and marked as ours; an index of the single-document layout (its
    collections at the top) is cleared away, since every document now has a folder of its own."""
    vstore.check_location(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / vstore.MARKER).write_text("The unrag project's index library; it may be deleted and rebuilt.\n",
                                           encoding="utf-8")
    old = index_dir / "manifest.json"
    if old.is_file():
        try:
            counts = json.loads(old.read_text(encoding="utf-8")).get("counts", {})
        except (OSError, ValueError):
            counts = {}
        for name in list(counts) + ["manifest.json", "params.index.json", "payload.json"]:
            target = index_dir / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            elif target.is_file():
                target.unlink()


_backends: dict[tuple, StoreBackend] = {}


def pgdata_dir(index_dir: Path) -> Path:
    """The local PostgreSQL server's data folder: beside the index folder."""
    index_dir = Path(index_dir)
    return index_dir.with_name(f"{index_dir.name}.pgdata")


def store_backend(settings: Settings) -> StoreBackend:
    """The back end `settings.store` chooses, one per process and setting (a local server is started once)."""
    s = settings.store
    key = (s.backend, s.url, s.read_url, str(Path(settings.index_dir).resolve()))
    if key not in _backends:
        if s.backend == "postgres":
            from vectorstore.postgres_store import PostgresBackend

            _backends[key] = PostgresBackend(s.url or None, read_url=s.read_url or None,
                                             data_dir=pgdata_dir(settings.index_dir))
        else:
            prepare_root(settings.index_dir)
            _backends[key] = vstore.FilesBackend(settings.index_dir)
    elif s.backend == "files":
        prepare_root(settings.index_dir)
    return _backends[key]


def open_index(settings: Settings, versions: DocumentVersions, encoders: Mapping, *,
               on_notice: Callable[[str], None] = log.warning, payload: dict | None = None,
               rebuild: bool = False) -> Store:
    """The index for one document's `versions`: loaded when it is there and matches, else (re)built, saying why."""
    specs = collection_specs(versions)
    manifest = expected_manifest(versions, specs)
    backend = store_backend(settings)
    key = versions.original.slug
    if not rebuild:
        try:
            store = backend.load(key, manifest, encoders, settings.retrieval.bm25)
            store.check(specs)
            return store
        except vstore.IndexError_ as e:
            on_notice(f"{versions.id}: {e}; building it now.")
    return backend.build(key, specs, encoders, tokenizers(versions), manifest=manifest,
                        bm25=settings.retrieval.bm25,
                        params={"fusion": settings.retrieval.fusion.to_dict(),
                                "answerability": settings.answerability.model.to_dict(),
                                "crosslingual": settings.answerability.crosslingual.to_dict()},
                        payload=payload)


def remove_index(settings: Settings | Path, symbol: str) -> None:
    """Delete one document's index (a folder this project made, or its rows). `settings`: an index folder alone
    stands for the files back end there."""
    from rag.types import document_slug

    if not isinstance(settings, Settings):
        vstore.FilesBackend(Path(settings)).remove(document_slug(symbol))
        return
    store_backend(settings).remove(document_slug(symbol))


def cached_payload(settings: Settings | Path, versions: DocumentVersions) -> dict:
    """The payload of a document's index now in the store, even a stale one (machine versions are reused).
    `settings`: an index folder alone stands for the files back end there."""
    if not isinstance(settings, Settings):
        return vstore.read_payload(document_folder(Path(settings), versions))
    return store_backend(settings).read_payload(versions.original.slug)


def original_fingerprint(doc: Document) -> str:
    """The original's sentences and titles as one fingerprint: a machine version is reused while it matches."""
    from rag.documents.versions import sentence_units, title_units

    units = {**title_units(doc), **sentence_units(doc)}
    return hashlib.sha256(json.dumps(units, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
