"""Loading the corpus file and its metadata, with errors a user can act on."""
from __future__ import annotations

import json
from pathlib import Path

from rag.documents.parse import ParseError, parse_document
from rag.types import Document


class CorpusError(RuntimeError):
    """The corpus or its metadata cannot be read."""


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"corpus file not found: {path}") from None
    except OSError as e:
        raise CorpusError(f"cannot read corpus file {path}: {e.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusError(
            f"corpus file {path} is not UTF-8 text (bad byte at offset {e.start}); save it as UTF-8 and retry"
        ) from None


def read_metadata(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CorpusError(f"metadata file {path} is not valid UTF-8 JSON: {e}") from None


def load_document(corpus: Path, metadata: Path) -> Document:
    try:
        return parse_document(read_text(corpus), read_metadata(metadata))
    except ParseError as e:
        raise CorpusError(f"cannot recover the structure of {corpus}: {e}") from None
