"""The persisted search index: collections of texts (e.g. each language version's paragraphs and sentences), each
embedded by every encoder into a LangChain FAISS store and indexed by BM25, plus a manifest that says what it was
built from and the parameters it was built with.

This package knows nothing of documents or languages: the caller describes each collection (`CollectionSpec`:
ids, the texts to embed, the texts to tokenise and the name of the tokenizer) and passes the tokenizers and
encoders in.

Safety. The index folder carries a marker file (`.unrag-index`) the project wrote; a non-empty folder without it is
never written into or deleted (`IndexLocationError`). A build writes a sibling folder and swaps it in with two
renames, so an interrupted build leaves the old index serving (a swap cut between its two renames is completed at
the next start). The manifest records the SHA-256 of every file; a mismatch at load is damage, and the index is
rebuilt rather than served.

Layout of the index folder (all plain files, no pickles):
    .unrag-index                           the marker: this folder is an index this project made
    manifest.json                          what the index was built from (the caller's keys), counts, build time,
                                           the SHA-256 of every other file
    params.index.json                      BM25 parameters and the caller's search parameters (e.g. fusion weights)
    <collection>/<encoder>.faiss           FAISS index   ┐ one pair per collection and encoder
    <collection>/<encoder>.docstore.json   JSON docstore ┘ (ids and texts: checked against the caller's texts)
    <collection>/bm25_tokens.json          the tokens of every unit
    payload.json                           whatever JSON the caller keeps with the index (e.g. machine translations)
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings

from vectorstore import faiss_store
from vectorstore.bm25_index import BM25Index, BM25Params
from vectorstore.files import make_readable

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4  # 3: collections per language version, params.index.json, payload.json; 4: marker, checksums
MARKER = ".unrag-index"

Tokenizer = Callable[[str], list[str]]


class IndexError_(RuntimeError):
    """The index folder is missing, stale or damaged: it can be rebuilt."""


class IndexLocationError(RuntimeError):
    """The index folder cannot be used: it is a file, it holds files this project did not make, or it cannot be
    written. Nothing is deleted; the operator must choose another folder (RAG_INDEX_DIR) or fix its permissions."""


@dataclass(frozen=True)
class CollectionSpec:
    """What one collection holds: units with ids, the text embedded for each, the text BM25 tokenises for each."""

    name: str  # a folder name, e.g. "zh.sentence"
    ids: list[str]
    texts: list[str]
    keyword_texts: list[str]
    tokenizer: str  # key into the tokenizers passed to `build`


@dataclass
class Collection:
    name: str
    ids: list[str]
    texts: list[str]
    faiss: dict[str, object]  # encoder name -> langchain FAISS
    bm25: BM25Index

    def dense(self, encoder: str, vector: list[float]) -> np.ndarray:
        """Cosine similarity of the query vector to every unit, in `ids` order."""
        return faiss_store.scores_in_order(self.faiss[encoder], vector)


@dataclass
class IndexStore:
    collections: dict[str, Collection]
    payload: dict = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> Collection:
        return self.collections[name]

    def __contains__(self, name: str) -> bool:
        return name in self.collections

    def check(self, specs: list[CollectionSpec]) -> None:
        """Raise IndexError_ unless the index holds exactly these collections, ids and texts (a docstore edited by
        hand must never be served as the document)."""
        if sorted(self.collections) != sorted(s.name for s in specs):
            raise IndexError_("the index holds other collections than the document needs")
        for spec in specs:
            c = self.collections[spec.name]
            if c.ids != spec.ids:
                raise IndexError_(f"the ids of {spec.name} do not match the document")
            if c.texts != spec.texts:
                raise IndexError_(f"the texts of {spec.name} do not match the document")


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]Building index[/] {task.description}"), BarColumn(), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))


def build(index_dir: Path, specs: list[CollectionSpec], encoders: Mapping[str, Embeddings],
          tokenizers: Mapping[str, Tokenizer], *, manifest: dict, bm25: BM25Params, params: dict | None = None,
          payload: dict | None = None, show_progress: bool = True) -> IndexStore:
    """Embed and index every collection, then write the index to `index_dir` atomically (a temporary folder
    renamed in place). `manifest`: the caller's keys that say what the index was built from (compared by `load`);
    `params`: search parameters stored beside BM25's for the record; `payload`: JSON kept with the index."""
    t0 = time.perf_counter()
    tmp = _building_folder(index_dir)  # first: a folder that cannot be used is refused before minutes of work
    try:
        collections, tokens = _index(specs, encoders, tokenizers, bm25, show_progress)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    full_manifest = dict(manifest) | {
        "schema_version": SCHEMA_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {s.name: len(s.ids) for s in specs},
        "encoders": sorted(encoders),
        "build_seconds": round(time.perf_counter() - t0, 2),
    }
    all_params = {"bm25": bm25.to_dict(), "search": params or {}}
    try:
        for name, c in collections.items():
            for enc, store in c.faiss.items():
                faiss_store.save(store, tmp / name / enc)
            (tmp / name / "bm25_tokens.json").write_text(json.dumps(tokens[name], ensure_ascii=False), encoding="utf-8")
        _write_json(tmp / "payload.json", payload or {})
        _write_json(tmp / "params.index.json", all_params)
        full_manifest["files"] = _checksums(tmp)
        _write_json(tmp / "manifest.json", full_manifest)  # last: a folder without it is no index
        make_readable(tmp)
        _swap_in(tmp, index_dir)
    except BaseException as e:  # a failed or interrupted write leaves no partial folder behind
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, (OSError, RuntimeError)):  # RuntimeError: FAISS's own write errors
            raise IndexLocationError(f"cannot write the index next to {index_dir}: {write_error(e)}") from None
        raise
    log.info("index built in %.1f s: %s", full_manifest["build_seconds"], full_manifest["counts"])
    return IndexStore(collections, payload or {}, full_manifest, all_params)


def write_error(e: BaseException) -> str:
    """One line that says why a write failed: the OS's reason and the file, or the end of FAISS's message
    ("Error in void faiss::write_index(…) at …: Error: 'ret == (size * 4)' failed: write error in …: … (File too
    large)" -> "write error in …: … (File too large)")."""
    if isinstance(e, OSError) and e.strerror:
        return f"{e.strerror} ({e.filename})" if e.filename else e.strerror
    text = " ".join(str(e).split())
    return text.rsplit("failed: ", 1)[-1] or type(e).__name__


def _index(specs: list[CollectionSpec], encoders: Mapping[str, Embeddings], tokenizers: Mapping[str, Tokenizer],
           bm25: BM25Params, show_progress: bool) -> tuple[dict[str, Collection], dict[str, list[list[str]]]]:
    """Tokenise and embed every collection (the long part of a build), showing progress."""
    collections: dict[str, Collection] = {}
    tokens: dict[str, list[list[str]]] = {}
    steps = [(spec, enc) for spec in specs for enc in encoders]
    bar = _progress()
    with bar:
        task = bar.add_task("", total=len(steps) + len(specs), visible=show_progress)
        for spec in specs:
            bar.update(task, description=f"{spec.name} · bm25")
            tokens[spec.name] = [tokenizers[spec.tokenizer](t) for t in spec.keyword_texts]
            collections[spec.name] = Collection(spec.name, list(spec.ids), list(spec.texts), {},
                                                BM25Index.from_tokens(tokens[spec.name], bm25))
            bar.advance(task)
        for spec, enc in steps:
            bar.update(task, description=f"{spec.name} · {enc}")
            docs = [LCDocument(id=i, page_content=t, metadata={"collection": spec.name})
                    for i, t in zip(spec.ids, spec.texts)]
            collections[spec.name].faiss[enc] = faiss_store.build(docs, _embed(encoders[enc], spec.texts), encoders[enc])
            bar.advance(task)
    return collections, tokens


EMBED_CHUNK = 256  # texts embedded at a time: memory stays proportional to the corpus, not to Python float lists


def _embed(encoder: Embeddings, texts: list[str]) -> np.ndarray:
    """The texts' vectors as one float32 matrix, embedded a chunk at a time."""
    rows = [np.asarray(encoder.embed_documents(texts[i:i + EMBED_CHUNK]), dtype=np.float32)
            for i in range(0, len(texts), EMBED_CHUNK)]
    return np.concatenate(rows) if rows else np.zeros((0, 1), dtype=np.float32)


# -- the folder ----------------------------------------------------------------------------------------------
def _is_ours(folder: Path) -> bool:
    """The folder carries the marker, or is an index of an earlier version of the project (its manifest says so)."""
    if (folder / MARKER).is_file():
        return True
    try:
        legacy = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(legacy, dict) and "schema_version" in legacy and "models" in legacy


def _refuse_file(index_dir: Path) -> None:
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexLocationError(f"the index folder {index_dir} is a file; set RAG_INDEX_DIR to a folder")


def check_location(index_dir: Path) -> None:
    """Raise IndexLocationError unless an index may be built at `index_dir`: a new or empty folder, or one this
    project made, whose parent can be written."""
    _refuse_file(index_dir)
    if index_dir.is_dir() and not _is_ours(index_dir) and any(index_dir.iterdir()):
        raise IndexLocationError(f"{index_dir} holds files this project did not make, and they are not touched; "
                                 "set RAG_INDEX_DIR to an empty or new folder")
    parent = index_dir.parent
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise IndexLocationError(f"cannot write the index: {parent} is not writable (read-only or another user's)")


def _previous(index_dir: Path) -> Path:
    return index_dir.with_name(f".{index_dir.name}.previous")


def recover(index_dir: Path) -> None:
    """Finish a swap that was cut between its two renames: the previous index serves again."""
    previous = _previous(index_dir)
    if not index_dir.exists() and previous.is_dir() and _is_ours(previous):
        previous.rename(index_dir)
        log.warning("restored the previous index at %s after an interrupted rebuild", index_dir)


def _building_folder(index_dir: Path) -> Path:
    """A fresh sibling folder to build in, marked as ours from the start; leftovers of killed builds go first."""
    check_location(index_dir)
    recover(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in index_dir.parent.glob(f".{index_dir.name}.building-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if _is_ours(stale) and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = index_dir.with_name(f".{index_dir.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    (tmp / MARKER).write_text("An index of the unrag project; it may be deleted and rebuilt.\n", encoding="utf-8")
    return tmp


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _swap_in(tmp: Path, index_dir: Path) -> None:
    """Put the built folder in place: the old index (if any) steps aside, the new one takes its name, the old one
    goes. Each step is one rename; `recover` completes a swap cut between them."""
    previous = _previous(index_dir)
    shutil.rmtree(previous, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(previous)
    tmp.rename(index_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of the index but the manifest and the marker, by path relative to the folder."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in ("manifest.json", MARKER):
            out[path.relative_to(folder).as_posix()] = _sha256(path)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")


def read_manifest(index_dir: Path) -> dict:
    """The manifest of the index at `index_dir`; raises IndexError_ when there is none or it is unreadable."""
    recover(index_dir)
    path = index_dir / "manifest.json"
    _refuse_file(index_dir)
    if not path.is_file():
        raise IndexError_(f"no index at {index_dir}")
    if not _is_ours(index_dir):
        raise IndexError_(f"{index_dir} is not an index this project made (no {MARKER})")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexError_(f"the index at {index_dir} is damaged (manifest: {e})") from None


def read_payload(index_dir: Path) -> dict:
    """The caller's JSON kept with the index at `index_dir` ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((index_dir / "payload.json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}


def load(index_dir: Path, manifest: dict, encoders: Mapping[str, Embeddings], bm25: BM25Params) -> IndexStore:
    """Load the index; raises IndexError_ with the reason when it is missing, stale (a `manifest` key or the BM25
    parameters differ) or damaged."""
    found = read_manifest(index_dir)
    if found.get("schema_version") != SCHEMA_VERSION:
        raise IndexError_(f"the index at {index_dir} is out of date (the index format changed)")
    for key, value in manifest.items():
        if found.get(key) != value:
            raise IndexError_(f"the index at {index_dir} is out of date (the {key.replace('_', ' ')} changed)")
    for name, digest in (found.get("files") or {}).items():
        path = index_dir / name
        if not path.is_file() or _sha256(path) != digest:
            raise IndexError_(f"the index at {index_dir} is damaged ({name} is missing or was changed)")
    if not found.get("files"):
        raise IndexError_(f"the index at {index_dir} is damaged (its manifest lists no files)")
    try:
        params = json.loads((index_dir / "params.index.json").read_text(encoding="utf-8"))
        if params.get("bm25") != bm25.to_dict():
            raise IndexError_(f"the index at {index_dir} is out of date (the BM25 parameters changed)")
        if sorted(found.get("encoders", [])) != sorted(encoders):
            raise IndexError_(f"the index at {index_dir} is out of date (the encoders changed)")
        collections = {}
        for name in found["counts"]:
            stores = {enc: faiss_store.load(index_dir / name / enc, encoders[enc]) for enc in encoders}
            first = next(iter(stores.values()))
            ids = [first.index_to_docstore_id[i] for i in range(first.index.ntotal)]
            texts = [first.docstore.search(i).page_content for i in ids]
            for enc, store in stores.items():
                if [store.index_to_docstore_id[i] for i in range(store.index.ntotal)] != ids:
                    raise ValueError(f"{name}/{enc}: ids differ between encoders")
            tokens = json.loads((index_dir / name / "bm25_tokens.json").read_text(encoding="utf-8"))
            if len(tokens) != len(ids) or len(ids) != found["counts"][name]:
                raise ValueError(f"{name}: unit counts disagree between files")
            collections[name] = Collection(name, ids, texts, stores, BM25Index.from_tokens(tokens, bm25))
    except IndexError_:
        raise
    except Exception as e:  # any damaged file: say which folder, rebuild
        raise IndexError_(f"the index at {index_dir} is damaged ({type(e).__name__}: {e})") from None
    return IndexStore(collections, read_payload(index_dir), found, params)


class FilesBackend:
    """The embedded back end (the default): one folder per store under `root`, written as above. Satisfies
    vectorstore.protocol.StoreBackend."""

    name = "files"

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, key: str) -> Path:
        return self.root / key

    def load(self, key: str, manifest: dict, encoders: Mapping[str, Embeddings], bm25: BM25Params) -> IndexStore:
        return load(self.folder(key), manifest, encoders, bm25)

    def build(self, key: str, specs: list[CollectionSpec], encoders: Mapping[str, Embeddings],
              tokenizers: Mapping[str, Tokenizer], **kwargs) -> IndexStore:
        return build(self.folder(key), specs, encoders, tokenizers, **kwargs)

    def remove(self, key: str) -> None:
        folder = self.folder(key)
        if folder.is_dir() and (folder / MARKER).is_file():
            shutil.rmtree(folder, ignore_errors=True)

    def read_payload(self, key: str) -> dict:
        return read_payload(self.folder(key))

    def close(self) -> None:
        pass
