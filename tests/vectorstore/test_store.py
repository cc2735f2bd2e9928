"""Index persistence: plain files, manifest checks, automatic rebuilds."""
import json
import shutil

import pytest

from rag.pipeline import RagPipeline
from vectorstore import store as index_store

pytestmark = pytest.mark.slow


def test_index_has_no_pickles_and_a_manifest(pipeline, settings):
    files = [p for p in settings.index_dir.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in {".pkl", ".pickle"}]
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["corpus_sha256"] == index_store.file_sha256(settings.corpus)
    assert manifest["schema_version"] == index_store.SCHEMA_VERSION and "e5" in manifest["models"]
    assert manifest["counts"]["passages"] == 30


def test_stale_manifest_is_refused_with_the_reason(pipeline, settings):
    with pytest.raises(index_store.IndexError_, match="corpus changed"):
        index_store.load(settings.index_dir, "0" * 64, pipeline.encoders)


@pytest.fixture
def index_copy(pipeline, settings, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target)
    return target


def _fresh(settings, index_dir, notices):
    from dataclasses import replace

    return RagPipeline(replace(settings, index_dir=index_dir), on_notice=notices.append)


def test_damaged_index_is_rebuilt_with_a_message(pipeline, settings, index_copy):
    (index_copy / "faiss" / "e5_sentence.docstore.json").write_text("{not json")
    notices = []
    p = _fresh(settings, index_copy, notices)
    p.encoders = pipeline.encoders  # reuse the loaded models
    assert p.ask("秘书长说战争是不可避免的吗？").status == "answered"
    assert notices and "damaged" in notices[0]
    json.loads((index_copy / "faiss" / "e5_sentence.docstore.json").read_text())  # rewritten


def test_missing_index_is_built(pipeline, settings, tmp_path):
    notices = []
    p = _fresh(settings, tmp_path / "none", notices)
    p.encoders = pipeline.encoders
    assert len(p.store.passages) == 30 and "no index" in notices[0]
    assert (tmp_path / "none" / "manifest.json").exists()
