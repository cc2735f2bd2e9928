"""The English-only token mask of the local model, on a hand-made vocabulary (no model)."""
import numpy as np

from rag.llm.token_mask import cjk_token_ids, generation_kwargs, mask_processor, writes_cjk

VOCAB = ["The", " State", "国家", "国".encode()[:1], "，".encode(), " 2017", "—", "é", "\u3002".encode(), "[1]"]


def as_bytes(token) -> bytes:
    return token if isinstance(token, bytes) else token.encode()


def test_tokens_that_write_chinese_are_found_whole_or_in_part():
    assert [writes_cjk(as_bytes(t)) for t in VOCAB] == [False, False, True, True, True, False, False, False, True, False]
    assert cjk_token_ids(lambda i: as_bytes(VOCAB[i]), len(VOCAB)).tolist() == [2, 3, 4, 8]


def test_mask_rules_out_banned_tokens_only():
    scores = np.arange(len(VOCAB), dtype=np.float32)
    out = mask_processor(np.array([2, 3, 4, 8], dtype=np.intc))(np.array([0]), scores)
    assert np.isneginf(out[[2, 3, 4, 8]]).all() and out[[0, 1, 5, 6, 7, 9]].tolist() == [0, 1, 5, 6, 7, 9]
    assert int(np.argmax(out)) == 9


class ChatOllama:  # any chat model that is not the local llama.cpp one
    pass


def test_only_the_local_model_answering_english_is_masked():
    assert generation_kwargs(ChatOllama(), "en") == {}
    fake_local = type("ChatLlamaCpp", (), {})()
    assert generation_kwargs(fake_local, "zh") == {}
    assert generation_kwargs(fake_local, "en", enabled=False) == {}
