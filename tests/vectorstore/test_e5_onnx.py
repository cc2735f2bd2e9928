"""ONNX Runtime gives the vectors sentence-transformers gives for the same converted folder, batched or not."""
import numpy as np
import pytest

from vectorstore.e5_onnx import ONNX_FILE, OnnxE5Embeddings

pytestmark = pytest.mark.slow

# Different lengths in one batch: padding must not leak into the pooled vectors.
PASSAGES = ["战争从来都不是不可避免的。", "Peace is not inevitable either.",
            "安理会应更多利用《宪章》第六章和第八章规定的工具，包括调解、斡旋和区域组织的作用。" * 3, "和平"]
QUERIES = ["秘书长说战争是不可避免的吗？", "What did speakers say about mediation?"]


@pytest.fixture(scope="module")
def reference(settings, pipeline):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(settings.model_dir), device="cpu", local_files_only=True)


def cosines(a, b) -> np.ndarray:
    a, b = np.asarray(a), np.asarray(b)
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def test_passages_match_sentence_transformers(pipeline, reference):
    ours = pipeline.encoders["e5"].embed_documents(PASSAGES)
    theirs = reference.encode(PASSAGES, prompt_name="passage", normalize_embeddings=True)
    assert cosines(ours, theirs).min() > 0.9999


def test_queries_match_sentence_transformers_one_by_one_and_batched(pipeline, reference):
    e5 = pipeline.encoders["e5"]
    theirs = reference.encode(QUERIES, prompt_name="query", normalize_embeddings=True)
    assert cosines([e5.embed_query(q) for q in QUERIES], theirs).min() > 0.9999
    assert cosines(e5.embed_queries(QUERIES), theirs).min() > 0.9999
    assert np.allclose(np.linalg.norm(e5.embed_queries(QUERIES), axis=1), 1.0, atol=1e-5)


def test_thread_count_can_change_and_is_validated(settings):
    e5 = OnnxE5Embeddings(settings.model_dir, threads=2)
    before = e5.embed_query("和平")
    e5.threads = 1
    assert e5.threads == 1 and np.allclose(before, e5.embed_query("和平"), atol=1e-5)
    with pytest.raises(ValueError, match="at least 1"):
        e5.threads = 0


def test_folder_without_export_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(ONNX_FILE)):
        OnnxE5Embeddings(tmp_path)
