"""A build that cannot write its files (a file-size limit, as `ulimit -f` sets; a full disk) fails with one line
that names the cause, FAISS's own message included, and leaves no partial `.<index>.building-<pid>` folder; the old
index stays. Made-up collections and a fake encoder: no model is loaded."""
import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

BUILD = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    from langchain_core.embeddings import DeterministicFakeEmbedding
    from vectorstore import store
    from vectorstore.bm25_index import BM25Params

    index_dir, limit = Path(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    texts = [f"made-up sentence number {i} about conflict prevention" for i in range(2000)]
    spec = store.CollectionSpec("xx.sentence", [f"u{i}" for i in range(2000)], texts, texts, "words")
    try:
        store.build(index_dir, [spec], {"fake": DeterministicFakeEmbedding(size=64)}, {"words": str.split},
                    manifest={"content": "made up"}, bm25=BM25Params(), show_progress=False)
        print(json.dumps({"ok": True}))
    except store.IndexLocationError as e:
        print(json.dumps({"error": str(e)}))
""")


def _build(index_dir, limit: int) -> dict:
    r = subprocess.run([sys.executable, "-c", BUILD, str(index_dir), str(limit)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_file_size_limit_is_named_and_leaves_no_partial_folder(tmp_path):
    index_dir = tmp_path / "index"
    out = _build(index_dir, 100 * 1024)  # the FAISS file of 2,000 vectors of 64 floats is 512 KB
    assert "File too large" in out["error"] and str(index_dir) in out["error"], out
    assert "\n" not in out["error"] and "faiss::" not in out["error"]  # one line, the cause without C++ frames
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no .index.building-<pid> left behind


def test_the_old_index_stays_when_a_rebuild_cannot_write(tmp_path):
    index_dir = tmp_path / "index"
    assert _build(index_dir, 64 * 1024 * 1024) == {"ok": True}
    before = (index_dir / "manifest.json").read_text()
    assert "error" in _build(index_dir, 100 * 1024)
    assert (index_dir / "manifest.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]
