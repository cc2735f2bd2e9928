"""Index persistence: plain files, one collection per language version and unit, manifest and parameter checks,
integrity against the document, automatic rebuilds."""
import hashlib
import json
import shutil
from dataclasses import replace

import pytest

from rag.retrieval.index import collection_specs, expected_manifest
from rag.pipeline import RagPipeline
from vectorstore import store as index_store
from vectorstore.bm25_index import BM25Params

pytestmark = pytest.mark.slow
DOC = "S_2017_105"  # each document of the library has its own index folder under the index root


def test_index_has_no_pickles_a_manifest_and_its_parameters(pipeline, settings):
    files = [p for p in settings.index_dir.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in {".pkl", ".pickle"}]
    manifest = json.loads((settings.index_dir / DOC / "manifest.json").read_text())
    assert manifest["schema_version"] == index_store.SCHEMA_VERSION and "e5" in manifest["models"]
    assert manifest["versions"] == {"zh": "official", "en": "unofficial"}
    assert manifest["counts"] == {"zh.paragraph": 32, "zh.sentence": 89, "en.paragraph": 32, "en.sentence": 89}
    params = json.loads((settings.index_dir / DOC / "params.index.json").read_text())
    assert params["bm25"] == settings.retrieval.bm25.to_dict()
    assert params["search"]["fusion"] == settings.retrieval.fusion.to_dict()
    assert params["search"]["answerability"] == json.loads(json.dumps(settings.answerability.model.to_dict()))


def test_collections_are_aligned_by_id(pipeline):
    store = pipeline.store
    assert store["zh.sentence"].ids == store["en.sentence"].ids
    assert store["zh.paragraph"].ids == [p.id for p in pipeline.document.passages()]
    assert store["en.sentence"].texts[0].startswith("I have the honour to transmit")


def test_stale_manifest_is_refused_with_the_reason(pipeline, settings):
    expected = expected_manifest(pipeline.versions, collection_specs(pipeline.versions))
    with pytest.raises(index_store.IndexError_, match="content sha256 changed"):
        index_store.load(settings.index_dir / DOC, {**expected, "content_sha256": "0" * 64}, pipeline.encoders, settings.retrieval.bm25)
    with pytest.raises(index_store.IndexError_, match="BM25 parameters changed"):
        index_store.load(settings.index_dir / DOC, expected, pipeline.encoders, BM25Params(k1=0.9))


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
    (index_copy / DOC / "zh.sentence" / "e5.docstore.json").write_text("{not json")
    notices = []
    p = _fresh(pipeline, settings, index_copy, notices)
    assert p.ask("秘书长说战争是不可避免的吗？").status == "answered"
    assert notices and "damaged" in notices[0]
    json.loads((index_copy / DOC / "zh.sentence" / "e5.docstore.json").read_text())  # rewritten


def _tamper(index_dir, update_checksum: bool):
    path = index_dir / DOC / "zh.sentence" / "e5.docstore.json"
    rows = json.loads(path.read_text())
    rows[1]["text"] = "他说，战争总是不可避免的"  # a quote the document never made
    path.write_text(json.dumps(rows, ensure_ascii=False))
    if update_checksum:  # a careful forger: the manifest agrees with the edited file
        manifest = json.loads((index_dir / DOC / "manifest.json").read_text())
        manifest["files"]["zh.sentence/e5.docstore.json"] = hashlib.sha256(path.read_bytes()).hexdigest()
        (index_dir / DOC / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("update_checksum,reason", [(False, "was changed"), (True, "do not match the document")])
def test_edited_passage_text_is_never_served(pipeline, settings, index_copy, update_checksum, reason):
    _tamper(index_copy, update_checksum)
    notices = []
    p = _fresh(pipeline, settings, index_copy, notices)
    assert "总是不可避免" not in " ".join(p.store["zh.sentence"].texts)
    assert notices and reason in notices[0], notices
    a = p.ask("秘书长说战争是不可避免的吗？").to_dict()
    assert all("总是不可避免" not in c["quote"] for c in a["citations"])


def test_swapped_faiss_files_are_damage_not_a_crash(pipeline, settings, index_copy):
    e5, use = index_copy / DOC / "zh.sentence" / "e5.faiss", index_copy / DOC / "zh.sentence" / "use.faiss"
    e5_bytes, use_bytes = e5.read_bytes(), use.read_bytes()
    e5.write_bytes(use_bytes)  # other dimension: 512 instead of 384
    use.write_bytes(e5_bytes)
    notices = []
    p = _fresh(pipeline, settings, index_copy, notices)
    assert p.ask("秘书长说战争是不可避免的吗？").status == "answered"
    assert "damaged" in notices[0]


def test_files_get_ordinary_permissions(pipeline, settings):
    for path in [settings.index_dir, *settings.index_dir.rglob("*")]:
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
    assert (settings.index_dir / index_store.MARKER).is_file()


def test_a_folder_of_someone_elses_files_is_never_touched(pipeline, settings, tmp_path):
    folder = tmp_path / "my-documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    p = RagPipeline(replace(settings, index_dir=folder), on_notice=lambda m: None)
    p.encoders = pipeline.encoders
    with pytest.raises(index_store.IndexLocationError, match="did not make"):
        p.store
    assert [f.name for f in folder.iterdir()] == ["thesis.docx"] and (folder / "thesis.docx").read_bytes()
    assert not list(tmp_path.glob(".my-documents.*"))


def test_an_index_folder_that_is_a_file_is_a_clear_error(pipeline, settings, tmp_path):
    file = tmp_path / "index"
    file.write_text("not a folder")
    p = RagPipeline(replace(settings, index_dir=file), on_notice=lambda m: None)
    p.encoders = pipeline.encoders
    with pytest.raises(index_store.IndexLocationError, match="is a file"):
        p.store
    assert file.read_text() == "not a folder" and sorted(x.name for x in tmp_path.iterdir()) == ["index"]


def test_an_unwritable_place_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(index_store.os, "access", lambda *a: False)  # as root, chmod cannot make a folder read-only
    with pytest.raises(index_store.IndexLocationError, match="not writable"):
        index_store.check_location(tmp_path / "index")


def test_an_interrupted_swap_is_completed(pipeline, settings, index_copy):
    folder = index_copy / DOC
    previous = folder.with_name(f".{folder.name}.previous")
    folder.rename(previous)  # killed between the two renames of a swap
    index_store.recover(folder)
    assert (folder / "manifest.json").is_file() and not previous.exists()


def test_missing_index_is_built(pipeline, settings, tmp_path):
    notices = []
    p = _fresh(pipeline, settings, tmp_path / "none", notices)
    assert len(p.store["zh.paragraph"].ids) == 32 and "no index" in notices[0]
    assert (tmp_path / "none" / DOC / "manifest.json").exists()
