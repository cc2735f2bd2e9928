"""Index persistence: plain files, one collection per language version and unit, manifest and parameter checks,
integrity against the document, automatic rebuilds."""
import json
import shutil
from dataclasses import replace

import pytest

from rag.index import collection_specs, expected_manifest
from rag.pipeline import RagPipeline
from vectorstore import store as index_store
from vectorstore.bm25_index import BM25Params

pytestmark = pytest.mark.slow


def test_index_has_no_pickles_a_manifest_and_its_parameters(pipeline, settings):
    files = [p for p in settings.index_dir.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in {".pkl", ".pickle"}]
    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    assert manifest["schema_version"] == index_store.SCHEMA_VERSION and "e5" in manifest["models"]
    assert manifest["versions"] == {"zh": "official", "en": "unofficial"}
    assert manifest["counts"] == {"zh.paragraph": 31, "zh.sentence": 88, "en.paragraph": 31, "en.sentence": 88}
    params = json.loads((settings.index_dir / "params.index.json").read_text())
    assert params["bm25"] == settings.bm25.to_dict()
    assert params["search"]["fusion"] == settings.fusion.to_dict()


def test_collections_are_aligned_by_id(pipeline):
    store = pipeline.store
    assert store["zh.sentence"].ids == store["en.sentence"].ids
    assert store["zh.paragraph"].ids == [p.id for p in pipeline.document.passages()]
    assert store["en.sentence"].texts[0].startswith("I have the honour to transmit")


def test_stale_manifest_is_refused_with_the_reason(pipeline, settings):
    expected = expected_manifest(pipeline.versions, collection_specs(pipeline.versions))
    with pytest.raises(index_store.IndexError_, match="content sha256 changed"):
        index_store.load(settings.index_dir, {**expected, "content_sha256": "0" * 64}, pipeline.encoders, settings.bm25)
    with pytest.raises(index_store.IndexError_, match="BM25 parameters changed"):
        index_store.load(settings.index_dir, expected, pipeline.encoders, BM25Params(k1=0.9))


@pytest.fixture
def index_copy(pipeline, settings, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(settings.index_dir, target)
    return target


def _fresh(pipeline, settings, index_dir, notices):
    p = RagPipeline(replace(settings, index_dir=index_dir), on_notice=notices.append)
    p.encoders = pipeline.encoders  # reuse the loaded models
    return p


def test_damaged_index_is_rebuilt_with_a_message(pipeline, settings, index_copy):
    (index_copy / "zh.sentence" / "e5.docstore.json").write_text("{not json")
    notices = []
    p = _fresh(pipeline, settings, index_copy, notices)
    assert p.ask("秘书长说战争是不可避免的吗？").status == "answered"
    assert notices and "damaged" in notices[0]
    json.loads((index_copy / "zh.sentence" / "e5.docstore.json").read_text())  # rewritten


def test_edited_passage_text_is_never_served(pipeline, settings, index_copy):
    path = index_copy / "zh.sentence" / "e5.docstore.json"
    rows = json.loads(path.read_text())
    rows[0]["text"] = rows[0]["text"].replace("谨随函", "谨随便")
    path.write_text(json.dumps(rows, ensure_ascii=False))
    notices = []
    p = _fresh(pipeline, settings, index_copy, notices)
    assert p.store["zh.sentence"].texts[0].startswith("谨随函")
    assert notices and "do not match the document" in notices[0]


def test_missing_index_is_built(pipeline, settings, tmp_path):
    notices = []
    p = _fresh(pipeline, settings, tmp_path / "none", notices)
    assert len(p.store["zh.paragraph"].ids) == 31 and "no index" in notices[0]
    assert (tmp_path / "none" / "manifest.json").exists()
