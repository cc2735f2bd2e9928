"""Loading the library (rag/documents/load.py through RagPipeline.loaded): a pipeline that answers never makes a
machine translation (the issue: a first question waited 397 s for one); `python -m rag index` (translate=True) does.
The local model is faked: `local_model_id` says it is prepared and `translate_document` records its calls."""
from __future__ import annotations

from dataclasses import replace

import pytest

from rag.config import Settings
from rag.pipeline import RagPipeline


@pytest.fixture
def calls(monkeypatch, tmp_path):
    import rag.documents.translate as translate
    import rag.llm.backends as backends

    class Made(list):
        settings: Settings

    made = Made()

    def fake_translate(original, language, model, **kw):
        made.append((original.id, language))
        raise RuntimeError("the fake model does not translate")

    monkeypatch.setattr(backends, "local_model_id", lambda settings: "fake-model")
    monkeypatch.setattr(backends, "make_chat_model", lambda *a, **kw: object())
    monkeypatch.setattr(translate, "translate_document", fake_translate)
    data = tmp_path / "data"
    data.mkdir()
    source = Settings().corpus
    for f in source.parent.glob(f"{source.stem}*"):  # the Chinese text and its metadata, no English version
        (data / f.name).write_bytes(f.read_bytes())
    made.settings = replace(Settings(), corpus=data / source.name, index_dir=tmp_path / "index",
                            library_dir=tmp_path / "library")
    return made


def test_a_pipeline_that_answers_never_translates(calls):
    loaded = RagPipeline(calls.settings).loaded
    assert calls == [] and loaded[0].versions.version("en") is None  # English questions cross languages instead


def test_index_makes_the_missing_machine_version(calls):
    notices = []
    RagPipeline(calls.settings, on_notice=notices.append, translate=True).loaded
    assert calls == [("S/2017/105", "en")]
    assert any("translating" in n for n in notices) and any("no machine en version" in n for n in notices)
