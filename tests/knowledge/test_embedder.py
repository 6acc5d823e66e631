"""The numpy encoder must give the vectors sentence-transformers gives for the same model."""
import numpy as np
import pytest

from knowledge.embedder import MiniLMEmbedder, model_path

TEXTS = [
    "can I text my team?",
    "Giving private cell phone or home phone numbers to students without prior approval of the District;",
    "Employees shall not accept current students as friends or “followers” or otherwise connect with students "
    "on social media sites, or text individual students, unless the employee and student have a family relationship.",
    "x",
    "word " * 400,   # longer than the model's 256-token window: truncated the same way
]


@pytest.fixture(scope="module")
def ours():
    return MiniLMEmbedder()


def test_agrees_with_sentence_transformers(ours):
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(model_path()), device="cpu").encode(TEXTS, normalize_embeddings=True)
    mine = ours.encode(TEXTS)
    cosines = (reference * mine).sum(axis=1)
    assert cosines.min() > 0.9999, cosines


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
