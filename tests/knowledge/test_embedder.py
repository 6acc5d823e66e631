"""The numpy encoder must give the vectors sentence-transformers gives for the same model."""
import numpy as np
import pytest

from knowledge.embedder import MAX_TOKENS, MiniLMEmbedder, model_path

TEXTS = [
    "can I text my team?",
    "Giving private cell phone or home phone numbers to students without prior approval of the District;",
    "Employees shall not accept current students as friends or “followers” or otherwise connect with students "
    "on social media sites, or text individual students, unless the employee and student have a family relationship.",
    "x",
    "word " * 400,   # longer than the model's 256-token window: truncated the same way
]


@pytest.fixture(scope="module", params=["numpy", "onnx"])
def ours(request, tmp_path_factory):
    embedder = MiniLMEmbedder(backend=request.param, cache_dir=tmp_path_factory.mktemp("models"))
    assert embedder.backend == request.param
    return embedder


@pytest.fixture(scope="module")
def reference():
    st = pytest.importorskip("sentence_transformers")
    model = st.SentenceTransformer(str(model_path()), device="cpu")
    model.max_seq_length = MAX_TOKENS     # the window ours truncates at (a trained folder carries no ST config)
    return model.encode(TEXTS, normalize_embeddings=True)


def test_agrees_with_sentence_transformers(ours, reference):
    cosines = (reference * ours.encode(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.9999, cosines


def test_onnx_graph_is_cached_and_reused(tmp_path):
    first = MiniLMEmbedder(backend="onnx", cache_dir=tmp_path)
    [cached] = list(tmp_path.glob("*.onnx"))
    mtime = cached.stat().st_mtime_ns
    second = MiniLMEmbedder(backend="onnx", cache_dir=tmp_path)
    assert cached.stat().st_mtime_ns == mtime
    assert float(first.encode(["hello"])[0] @ second.encode(["hello"])[0]) > 0.99999


def test_shape_norm_and_batch_independence(ours):
    vectors = ours.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = ours.encode([TEXTS[1]])[0]
    assert float(alone @ vectors[1]) > 0.99999
    assert ours.encode([]).shape == (0, 384)


def test_meaning(ours):
    a, b, c = ours.encode(["can I text a student?", "contacting students by texting", "how many sick days do I get"])
    assert a @ b > a @ c + 0.2
