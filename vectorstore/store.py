"""The persisted search index: FAISS stores (two encoders × paragraphs and sentences), BM25 tokens, the
cross-lingual lexicon, and a manifest that says what it was built from.

Layout of the index folder (all plain files, no pickles):
    manifest.json                      schema version, models, corpus SHA-256, counts
    passages.json                      the passages and their sentence spans
    faiss/<encoder>_<unit>.faiss       FAISS index   ┐ one pair per encoder (e5, use) and unit (paragraph, sentence)
    faiss/<encoder>_<unit>.docstore.json JSON docstore ┘
    bm25_tokens.json                   jieba tokens of every paragraph and sentence
    lexicon.json, lexicon_<encoder>.npy the document's terms and their vectors
    dictionary.json                    English words -> the document's terms, from CC-CEDICT (vectorstore/dictionary.py)
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings

from rag.text import Span, sentence_spans, tokenize
from rag.types import Passage, passage_from_dict, passage_to_dict
from vectorstore import faiss_store
from vectorstore import dictionary as cedict
from vectorstore.bm25_index import BM25Index
from vectorstore.e5_convert import CONVERTER_VERSION
from vectorstore.embeddings import E5_NAME, USE_NAME
from vectorstore.lexicon import Lexicon

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: dictionary.json
ENCODERS = ("e5", "use")
UNITS = ("paragraph", "sentence")


class IndexError_(RuntimeError):
    """The index folder is missing, stale or damaged."""


@dataclass(frozen=True)
class Sentence:
    passage_index: int
    span: Span

    @property
    def id(self) -> str:
        return f"{self.passage_index}#{self.span.start}"


@dataclass
class IndexStore:
    passages: list[Passage]
    sentences: list[Sentence]
    faiss: dict[str, object]  # "<encoder>_<unit>" -> langchain FAISS
    bm25_paragraph: BM25Index
    bm25_sentence: BM25Index
    lexicon: Lexicon
    dictionary: cedict.Dictionary
    manifest: dict

    def unit_ids(self, unit: str) -> list[str]:
        return [p.id for p in self.passages] if unit == "paragraph" else [s.id for s in self.sentences]


def expected_manifest(corpus_sha256: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "models": {"e5": f"{E5_NAME}, converter v{CONVERTER_VERSION}", "use": USE_NAME},
        "dictionary": f"CC-CEDICT, builder v{cedict.BUILDER_VERSION}",
        "corpus_sha256": corpus_sha256,
    }


def _manifest_matches(found: dict, expected: dict) -> str | None:
    """None when the index fits; otherwise the reason to rebuild, in words."""
    for key, what in (("schema_version", "index format"), ("models", "embedding model"), ("dictionary", "dictionary"),
                      ("corpus_sha256", "corpus")):
        if found.get(key) != expected[key]:
            return f"the {what} changed"
    return None


def _split_sentences(passages: list[Passage]) -> list[Sentence]:
    return [Sentence(i, span) for i, p in enumerate(passages) for span in sentence_spans(p.text)]


def _tokens(passages: list[Passage], sentences: list[Sentence]) -> dict[str, list[list[str]]]:
    # Sentences carry their section titles, so a question that names a section ("结论中…") finds its sentences.
    return {
        "paragraph": [tokenize(" ".join(p.section_path)) + tokenize(p.text) for p in passages],
        "sentence": [tokenize(" ".join(passages[s.passage_index].section_path)) + tokenize(s.span.text) for s in sentences],
    }


def _lexicon_terms(tokens: list[list[str]]) -> list[str]:
    return sorted({t for toks in tokens for t in toks if len(t) >= 2 or t.isdigit()})


def _progress():
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]Building index[/] {task.description}"), BarColumn(), TimeElapsedColumn(),
                    transient=True, console=Console(stderr=True))


def build(index_dir: Path, passages: list[Passage], corpus_sha256: str, encoders: dict[str, Embeddings],
          show_progress: bool = True) -> IndexStore:
    """Embed and index everything, then write it to `index_dir` atomically (a temporary folder renamed in place)."""
    t0 = time.perf_counter()
    sentences = _split_sentences(passages)
    tokens = _tokens(passages, sentences)
    terms = _lexicon_terms(tokens["paragraph"])
    dictionary = cedict.build(terms, cedict.cedict_entries())
    texts = {"paragraph": [p.text for p in passages], "sentence": [s.span.text for s in sentences]}
    steps = [(enc, unit) for enc in ENCODERS for unit in UNITS] + [(enc, "lexicon") for enc in ENCODERS]

    bar = _progress()
    stores, lex_vectors = {}, {}
    with bar:
        task = bar.add_task("", total=len(steps), visible=show_progress)
        for enc, unit in steps:
            bar.update(task, description=f"{enc} · {unit}")
            if unit == "lexicon":
                # Terms are embedded as queries: they are compared with the words of a question.
                lex_vectors[enc] = np.asarray(encoders[enc].embed_queries(terms), dtype=np.float32)
            else:
                ids = [p.id for p in passages] if unit == "paragraph" else [s.id for s in sentences]
                docs = [LCDocument(id=i, page_content=t, metadata={"unit": unit}) for i, t in zip(ids, texts[unit])]
                vectors = encoders[enc].embed_documents(texts[unit])
                stores[f"{enc}_{unit}"] = faiss_store.build(docs, vectors, encoders[enc])
            bar.advance(task)

    manifest = expected_manifest(corpus_sha256) | {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {"passages": len(passages), "sentences": len(sentences), "terms": len(terms),
                   "dictionary_words": len(dictionary.terms)},
        "build_seconds": round(time.perf_counter() - t0, 2),
    }
    tmp = index_dir.with_name(index_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, store in stores.items():
        faiss_store.save(store, tmp / "faiss" / name)
    (tmp / "passages.json").write_text(json.dumps({
        "passages": [passage_to_dict(p) for p in passages],
        "sentences": [[s.passage_index, s.span.start, s.span.end] for s in sentences],
    }, ensure_ascii=False), encoding="utf-8")
    (tmp / "bm25_tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
    (tmp / "lexicon.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    for enc, vecs in lex_vectors.items():
        np.save(tmp / f"lexicon_{enc}.npy", vecs)
    (tmp / "dictionary.json").write_text(json.dumps(dictionary.to_json(), ensure_ascii=False), encoding="utf-8")
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(index_dir, ignore_errors=True)
    tmp.rename(index_dir)
    log.info("index built in %.1f s: %s", manifest["build_seconds"], manifest["counts"])
    return _assemble(passages, sentences, stores, tokens, terms, lex_vectors, dictionary, manifest)


def _assemble(passages, sentences, stores, tokens, terms, lex_vectors, dictionary, manifest) -> IndexStore:
    return IndexStore(
        passages=passages,
        sentences=sentences,
        faiss=stores,
        bm25_paragraph=BM25Index.from_tokens(tokens["paragraph"]),
        bm25_sentence=BM25Index.from_tokens(tokens["sentence"]),
        lexicon=Lexicon(tuple(terms), lex_vectors["e5"], lex_vectors["use"]),
        dictionary=dictionary,
        manifest=manifest,
    )


def load(index_dir: Path, corpus_sha256: str, encoders: dict[str, Embeddings]) -> IndexStore:
    """Load the index; raises IndexError_ with the reason when it is missing, stale or damaged."""
    manifest_path = index_dir / "manifest.json"
    if not manifest_path.exists():
        raise IndexError_(f"no index at {index_dir}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        reason = _manifest_matches(manifest, expected_manifest(corpus_sha256))
        if reason:
            raise IndexError_(f"the index at {index_dir} is out of date ({reason})")
        saved = json.loads((index_dir / "passages.json").read_text(encoding="utf-8"))
        passages = [passage_from_dict(d) for d in saved["passages"]]
        sentences = [Sentence(i, Span(s, e, passages[i].text[s:e])) for i, s, e in saved["sentences"]]
        stores = {
            f"{enc}_{unit}": faiss_store.load(index_dir / "faiss" / f"{enc}_{unit}", encoders[enc])
            for enc in ENCODERS for unit in UNITS
        }
        tokens = json.loads((index_dir / "bm25_tokens.json").read_text(encoding="utf-8"))
        terms = json.loads((index_dir / "lexicon.json").read_text(encoding="utf-8"))
        lex_vectors = {enc: np.load(index_dir / f"lexicon_{enc}.npy", allow_pickle=False) for enc in ENCODERS}
        dictionary = cedict.Dictionary.from_json(json.loads((index_dir / "dictionary.json").read_text(encoding="utf-8")))
        if any(len(v) != len(terms) for v in lex_vectors.values()):
            raise ValueError("lexicon vectors do not match the lexicon")
        if len(tokens["sentence"]) != len(sentences) or stores["e5_sentence"].index.ntotal != len(sentences):
            raise ValueError("sentence counts disagree between files")
    except IndexError_:
        raise
    except Exception as e:  # any damaged file: say which folder, rebuild
        raise IndexError_(f"the index at {index_dir} is damaged ({type(e).__name__}: {e})") from None
    return _assemble(passages, sentences, stores, tokens, terms, lex_vectors, dictionary, manifest)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
