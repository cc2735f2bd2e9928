"""What the library holds, for `python -m rag list`, the API and the chat's document list: one entry per document
with its kind, title, date, language versions (with provenance and sha256) and passages. Reads the documents'
texts only (no models, no machine translation)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rag.config import Settings
from rag.documents.load import load_library
from rag.types import DocumentVersions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VersionInfo:
    language: str
    provenance: str
    sha256: str

    def to_dict(self) -> dict:
        return {"language": self.language, "provenance": self.provenance, "sha256": self.sha256}


@dataclass(frozen=True)
class CatalogueEntry:
    symbol: str
    kind: str
    title: str
    date: str
    versions: tuple[VersionInfo, ...]
    passages: int

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "kind": self.kind, "title": self.title, "date": self.date,
                "versions": [v.to_dict() for v in self.versions], "passages": self.passages}


def entry(versions: DocumentVersions) -> CatalogueEntry:
    doc = versions.original
    return CatalogueEntry(doc.id, doc.kind, doc.title, doc.date,
                          tuple(VersionInfo(d.language, d.provenance, d.sha256)
                                for d in (doc, *versions.translations)), len(doc.passages()))


def catalogue(settings: Settings) -> list[CatalogueEntry]:
    """The library's documents, the project's first."""
    return [entry(d.versions) for d in load_library(settings, lambda m: log.info("%s", m), translate=False)]
