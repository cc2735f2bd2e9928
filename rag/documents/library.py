"""The library: every document the product answers from, in every language version it has.

The project's own documents (data/: S/2017/105, its Chinese text and the project's unofficial English version)
are always part of it; the documents a user adds live in `Settings.library_dir` (`RAG_LIBRARY_DIR`, default
`library/`, git-ignored), one folder per symbol:

    library/.unrag-library                 marker: this folder is a library this project made
    library/<slug>/<language>.txt          the version's text as extracted (a PDF is kept as its text)
    library/<slug>/<language>.json         what was read from it: symbol, kind, title, date, provenance, sha256, source

A folder is written whole beside the old one and swapped in with two renames (the index's own pattern,
vectorstore/store.py), so a `kill -9` mid-way leaves the previous library; a version whose text no longer has its
recorded sha256 is reported and left out, never served.

Written by hand: a few files per document; nothing here needs a database (the PostgreSQL store is issue 24).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from rag.documents.reader import Parsed, read_document, read_source
from rag.types import Document, DocumentVersions, document_slug

log = logging.getLogger(__name__)

MARKER = ".unrag-library"


class LibraryError(RuntimeError):
    """The library folder cannot be used, or a document cannot be added or removed (the message says why)."""


@dataclass(frozen=True)
class AddResult:
    """What `add` did, for one line of output."""

    symbol: str
    kind: str
    language: str
    units: int  # passages found
    replaced: bool  # a version in this language was there and is replaced (a revision or corrigendum)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "kind": self.kind, "language": self.language, "units": self.units,
                "replaced": self.replaced, "warnings": list(self.warnings)}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Library:
    """The user's documents in `folder` (the project's own are added by the pipeline, rag/documents/load.py)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    # -- reading -------------------------------------------------------------------------------------------
    def symbols(self) -> list[str]:
        """The symbols of the documents in the library folder, in the order they were first added."""
        out = []
        for meta in sorted(self.folder.glob("*/*.json"), key=lambda p: (p.parent.stat().st_ctime, p.parent.name)):
            if meta.parent.name.startswith("."):
                continue
            try:
                symbol = json.loads(meta.read_text(encoding="utf-8"))["symbol"]
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("%s is not a library entry; left out", meta)
                continue
            if symbol not in out:
                out.append(symbol)
        return out

    def versions(self, symbol: str, folder: Path | None = None) -> list[Document]:
        """The versions of one document, read from their texts (a text whose sha256 no longer matches what was
        recorded is left out with a warning), in the order they were added; `folder`: a staged one."""
        out = []
        metas = sorted((folder or self.folder / document_slug(symbol)).glob("*.json"), key=_added_order)
        for meta_path in metas:
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
            except (OSError, ValueError) as e:
                log.warning("%s: cannot read this version (%s); left out", meta_path, e)
                continue
            if sha256_text(text) != meta.get("sha256"):
                log.warning("%s was changed after it was added (its sha256 differs); left out", meta_path)
                continue
            parsed = read_document(text, language=meta.get("language"), symbol=meta.get("symbol"))
            out.append(_with_record(parsed.document, meta))
        return out

    def load(self) -> list[DocumentVersions]:
        """Every document in the folder with its versions: the first language added is the original."""
        out = []
        for symbol in self.symbols():
            docs = self.versions(symbol)
            if docs:
                out.append(align(docs[0], docs[1:]))
        return out

    def load_staged(self, staged: Path, symbol: str) -> DocumentVersions:
        """The document as a staged folder holds it (to be indexed before it joins the library)."""
        docs = self.versions(symbol, staged)
        return align(docs[0], docs[1:])

    # -- changing ------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Create the library folder (refusing one that holds files this project did not make)."""
        if self.folder.exists() and not self.folder.is_dir():
            raise LibraryError(f"the library folder {self.folder} is a file; set RAG_LIBRARY_DIR to a folder")
        if self.folder.is_dir() and not (self.folder / MARKER).is_file() and any(self.folder.iterdir()):
            raise LibraryError(f"{self.folder} holds files this project did not make; set RAG_LIBRARY_DIR to an "
                               "empty or new folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MARKER).write_text("A document library of the unrag project.\n", encoding="utf-8")

    def stage(self, parsed: Parsed, text: str, source: str, provenance: str = "official") -> tuple[Path, bool]:
        """Write the document's folder, with this version added or replaced, beside the library (not yet in it):
        (the staged folder, whether a version in this language was replaced)."""
        self.prepare()
        doc = parsed.document
        slug = document_slug(doc.id)
        current = self.folder / slug
        staged = self.folder / f".{slug}.adding-{os.getpid()}"
        shutil.rmtree(staged, ignore_errors=True)
        if current.is_dir():
            shutil.copytree(current, staged)
        else:
            staged.mkdir()
        replaced = (staged / f"{doc.language}.json").is_file()
        (staged / f"{doc.language}.txt").write_text(text, encoding="utf-8")
        meta = {"symbol": doc.id, "language": doc.language, "kind": doc.kind, "title": doc.title, "date": doc.date,
                "provenance": provenance, "sha256": sha256_text(text), "source": source,
                "added": _first_added(staged / f"{doc.language}.json")}
        (staged / f"{doc.language}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        return staged, replaced

    def commit(self, staged: Path, symbol: str) -> None:
        """Swap a staged folder in: the old one steps aside, the new one takes its name, the old one goes."""
        current = self.folder / document_slug(symbol)
        previous = self.folder / f".{current.name}.previous"
        shutil.rmtree(previous, ignore_errors=True)
        if current.exists():
            current.rename(previous)
        staged.rename(current)
        shutil.rmtree(previous, ignore_errors=True)

    def remove(self, symbol: str) -> None:
        folder = self.folder / document_slug(symbol)
        if not folder.is_dir():
            raise LibraryError(f"{symbol} is not in the library ({self.folder})")
        trash = self.folder / f".{folder.name}.removing-{os.getpid()}"
        folder.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)


def _first_added(meta_path: Path) -> float:
    """When this version's language was first added (kept when the version is replaced)."""
    import time

    try:
        return float(json.loads(meta_path.read_text(encoding="utf-8"))["added"])
    except (OSError, ValueError, KeyError, TypeError):
        return time.time()


def _added_order(meta_path: Path) -> tuple[float, str]:
    try:
        return float(json.loads(meta_path.read_text(encoding="utf-8")).get("added", 0)), meta_path.name
    except (OSError, ValueError, TypeError):
        return 0.0, meta_path.name


def _with_record(doc: Document, meta: dict) -> Document:
    from dataclasses import replace

    return replace(doc, provenance=meta.get("provenance", "official"), sha256=meta.get("sha256", ""))


def align(original: Document, others: list[Document]) -> DocumentVersions:
    """The original with each other version that has its structure (the same units). A version with the same
    sections and paragraphs whose sentences differ in number in some paragraphs keeps the others, and leaves those
    out with a warning naming them; one with other sections or paragraphs is left out whole, with a warning
    (questions about what is left out are answered from the original through the encoders)."""
    from rag.types import aligned_part, alignment_problems

    kept = []
    for doc in others:
        problems = alignment_problems(original, doc)
        if not problems:
            kept.append(doc)
            continue
        part, dropped = aligned_part(original, doc)
        if part is None:
            log.warning("the %s version of %s is not aligned with the %s one and is left out: %s", doc.language,
                        original.id, original.language, "; ".join(problems[:3]))
            continue
        log.warning("the %s version of %s leaves out %d paragraph(s) not aligned with the %s one (answered from the "
                    "original): %s", doc.language, original.id, len(dropped), original.language, ", ".join(dropped))
        kept.append(part)
    return DocumentVersions(original, tuple(kept))


def read_file(path: Path, language: str | None = None, symbol: str | None = None) -> tuple[Parsed, str]:
    """(the parsed document, its text) for a file to add: a text file as extracted from a UN PDF, or a PDF."""
    text = read_source(path)
    return read_document(text, language=language, symbol=symbol), text
