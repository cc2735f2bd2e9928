"""Keep the local model's English answers in English: forbid the tokens that write Chinese.

Given Chinese sources, the small local model often copies them into an English answer ("The new Secretary-General
named in the document is安东尼奥·古特雷斯.") or answers wholly in Chinese, and a reminder in the prompt does not
always help. For an English question the local backend therefore samples under a llama.cpp logits processor that
sets every token holding a CJK character (or the lead byte of one: Qwen's byte-level vocabulary spells rare
characters over several tokens) to -inf. The model then translates. Remote backends (openai, ollama) get no mask:
their vocabularies are not known here.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Callable

import numpy as np

from rag.llm.backends import is_local

log = logging.getLogger(__name__)

# UTF-8 lead bytes of U+3000–U+9FFF (CJK punctuation, kana, CJK ideographs and their extension A): 0xE3–0xE9 are
# never continuation bytes, so any token holding one writes (part of) such a character. Full-width forms
# (U+FF00–U+FFEF: "，", "（") are EF BC xx / EF BD xx.
_CJK_LEAD = bytes(range(0xE3, 0xEA))
_FULL_WIDTH = (b"\xef\xbc", b"\xef\xbd")


def writes_cjk(token: bytes) -> bool:
    return any(b in _CJK_LEAD for b in token) or any(f in token for f in _FULL_WIDTH)


def cjk_token_ids(detokenize: Callable[[int], bytes], n_vocab: int) -> np.ndarray:
    """The ids, among `n_vocab`, of the tokens that write CJK text."""
    return np.array([i for i in range(n_vocab) if writes_cjk(detokenize(i))], dtype=np.intc)


def mask_processor(banned: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """A llama.cpp logits processor (input_ids, scores) -> scores that rules out the `banned` token ids."""

    def forbid(_input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        scores[banned] = -np.inf
        return scores

    return forbid


@lru_cache(maxsize=2)
def _english_only(llama) -> list:
    from llama_cpp import LogitsProcessorList

    banned = cjk_token_ids(lambda i: llama.detokenize([i]), llama.n_vocab())
    log.info("English answers: %d of %d tokens masked", len(banned), llama.n_vocab())
    return LogitsProcessorList([mask_processor(banned)])


def generation_kwargs(model, language: str, enabled: bool = True) -> dict:
    """Extra arguments for `model.stream` when answering a question in `language`: the English-only mask for the
    local llama.cpp model, nothing otherwise."""
    if not enabled or language != "en" or not is_local(model):
        return {}
    return {"logits_processor": _english_only(model.client)}
