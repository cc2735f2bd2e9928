"""The answer modes a chat offers and the status line (rag/answers/modes.py), with stand-in pipelines."""
from __future__ import annotations

from tests.rag.conversation.test_turn import _FakePipeline, _generative
from rag.config import Settings
from rag.answers.modes import EXTRACTIVE_LABEL, answer_modes, mode_status
from rag.answers.quoted import QuotedComposer
from tests.tuning import tune


def test_answer_modes_and_status():
    extractive = _FakePipeline({})
    assert list(answer_modes(extractive)) == [EXTRACTIVE_LABEL] and mode_status(extractive.composer)[0] == "extractive"
    gen = _FakePipeline({}, composer=_generative([]))
    modes = answer_modes(gen)
    assert list(modes)[0].startswith("生成") and list(modes)[1] == EXTRACTIVE_LABEL
    assert mode_status(gen.composer)[0] == "generated"
    off = QuotedComposer(unavailable="the local model is not prepared (run `make setup-llm`)")
    kind, text = mode_status(off)
    assert kind == "off" and "make setup-llm" in text


def test_quoted_answers_are_the_default_and_generated_ones_are_offered_once_the_local_model_is_there(tmp_path):
    import importlib.util

    import pytest

    if importlib.util.find_spec("xllamacpp") is None:
        pytest.skip("xllamacpp is not installed (make setup-llm)")
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")  # present: the model itself loads on the first generated answer
    fp = _FakePipeline({}, settings=tune(Settings(), llm_model_path=model))
    modes = answer_modes(fp)
    assert list(modes)[0] == EXTRACTIVE_LABEL and list(modes)[1].startswith("生成 Generated (local")
    assert modes[list(modes)[1]].generative and mode_status(fp.composer)[0] == "extractive"
