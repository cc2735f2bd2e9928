"""multilingual-e5-small run by ONNX Runtime, behind LangChain's `Embeddings` interface.

Why by hand: a warm question is one short e5 pass, and sentence-transformers on PyTorch spends ~30 ms of CPU on it
(half in PyTorch's eager linear layers, the rest in per-call overhead); ONNX Runtime computes the same vectors
(cosine ≥ 0.9999, tested) in ~17 ms on one thread. sentence-transformers' own ONNX backend needs `optimum-onnx`, which
pins transformers < 4.58 and so cannot live beside sentence-transformers 6. What is written here is small: the export
(PyTorch's exporter, once, at set-up, into the folder's `onnx/model.onnx`, where sentence-transformers' ONNX backend
also looks), then tokenise (the folder's `tokenizer.json`, `tokenizers`), run, masked mean pooling and
normalisation, the same modules the sentence-transformers folder declares.
"""
from __future__ import annotations

import logging
import os
import threading
import warnings
from functools import cached_property
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

ONNX_FILE = Path("onnx") / "model.onnx"


QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "
MAX_TOKENS = 512
# A query is read up to this many tokens: the longest development question has 34, and a 2,000-character question
# read whole (512 tokens) cost 0.23 s of CPU where 128 cost a few hundredths (issue 23: bounded cost per request).
QUERY_MAX_TOKENS = 128
BATCH_SIZE = 32


class ModelError(RuntimeError):
    """The converted model cannot be loaded (damaged files); the message says how to prepare it again."""


def export_onnx(model_dir: str | Path) -> Path:
    """Export the converted BERT of `model_dir` to `model_dir/onnx/model.onnx` (dynamic batch and length)."""
    import torch
    from transformers import AutoModel

    model_dir = Path(model_dir)
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    out = model_dir / ONNX_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[0, 6, 7, 8, 2], [0, 6, 7, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    dynamic = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow on shapes: none matter here
        torch.onnx.export(LastHiddenState(bert), (ids, mask), str(out), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "last_hidden_state": dynamic})
    log.info("exported %s (%.0f MB)", out, out.stat().st_size / 1e6)
    return out


class OnnxE5Embeddings(Embeddings):
    """e5 with its `query: ` / `passage: ` prompts; vectors normalised. `threads` may be changed between uses (the
    session is then opened again): the index is built with every core, a question answered with one."""

    def __init__(self, model_dir: str | Path, threads: int | None = None):
        self.model_dir = Path(model_dir)
        if not (self.model_dir / ONNX_FILE).is_file():
            raise FileNotFoundError(f"no {ONNX_FILE} in {self.model_dir}")
        self._threads = threads or os.cpu_count() or 1
        self._lock = threading.Lock()

    @property
    def threads(self) -> int:
        return self._threads

    @threads.setter
    def threads(self, value: int) -> None:
        if value < 1:
            raise ValueError(f"threads must be at least 1 (got {value})")
        with self._lock:
            if value != self._threads:
                self._threads = value
                self.__dict__.pop("_session", None)

    def warm_up(self) -> None:
        """Open the session and the tokenizer now (about a second) rather than on the first text."""
        _ = self._tokenizer, self._session

    def _damaged(self, name: str | Path, error: Exception) -> ModelError:
        log.debug("cannot load %s: %s", self.model_dir / name, error)  # the reason, with --verbose
        return ModelError(f"the e5 model in {self.model_dir} is damaged ({Path(name).as_posix()} does not load); "
                          f"delete that folder and run `python -m rag index` to prepare it again")

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        try:
            tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except Exception as e:  # tokenizers raises a bare Exception for a malformed file
            raise self._damaged("tokenizer.json", e) from None
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=tok.token_to_id("<pad>") or 1, pad_token="<pad>")
        return tok

    @cached_property
    def _query_tokenizer(self):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_str(self._tokenizer.to_str())
        tok.enable_truncation(QUERY_MAX_TOKENS)
        return tok

    @cached_property
    def _session(self):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self._threads
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads give the core back
        try:
            return ort.InferenceSession(str(self.model_dir / ONNX_FILE), opts, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime's InvalidProtobuf, Fail, … share no public base class
            raise self._damaged(ONNX_FILE, e) from None

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        session = self._session
        order = np.argsort([len(t) for t in texts])  # similar lengths share a batch: less padding
        out: list[np.ndarray] = [np.empty(0)] * len(texts)
        for start in range(0, len(texts), BATCH_SIZE):
            chunk = order[start : start + BATCH_SIZE]
            tokenizer = self._query_tokenizer if prefix == QUERY_PREFIX else self._tokenizer
            enc = tokenizer.encode_batch([prefix + texts[i] for i in chunk])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True) + 1e-12
            for row, i in enumerate(chunk):
                out[i] = pooled[row]
        return np.stack(out).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), PASSAGE_PREFIX).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], QUERY_PREFIX)[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several queries in one batch (LangChain's `embed_query` takes one at a time)."""
        return self._encode(list(texts), QUERY_PREFIX).tolist()
