"""Clause vectors: exact and composed recipes, contexts encoded once, bounded batches, recipe names."""
from pathlib import Path

import numpy as np
import pytest

from ingest.chunk_policy import chunk_policy
from ingest.encode_clauses import COMPOSED, EXACT, LEGACY, ClauseEncoder, batched, context_of, matches, scheme
from knowledge.models import Clause
from tests.conftest import BUNDLED


def _items(n: int, lead: str = "Employees shall observe the following:", section: str = "Conduct") -> list[Clause]:
    return [Clause(id=f"d:{i}", doc_id="d", document="D", section=section, locator=f"item {i + 1}",
                   text=f"rule number {i} about topic {i % 7}", lead_in=lead, content_hash=str(i), position=i)
            for i in range(n)]


def test_batched_is_lazy_and_bounded():
    pulled = []

    def source():
        for i in range(10):
            pulled.append(i)
            yield i

    batches = batched(source(), 4)
    assert next(batches) == [0, 1, 2, 3] and pulled == [0, 1, 2, 3]     # nothing read ahead
    assert list(batches) == [[4, 5, 6, 7], [8, 9]]
    assert list(batched([], 4)) == []


def test_context_is_what_search_text_puts_before_the_clause():
    clause = _items(1, section="Top › Conduct")[0]
    assert context_of(clause) == "Top › Conduct Employees shall observe the following:"    # the whole heading path
    assert clause.search_text() == context_of(clause) + " " + clause.text
    bare = Clause(id="x", doc_id="d", document="D", section="", locator="¶ 1", text="alone")
    assert context_of(bare) == ""


def test_exact_recipe_encodes_each_clause_alone_and_in_context(hash_embedder):
    clauses = _items(5) + [Clause(id="x", doc_id="d", document="D", section="", locator="¶ 1", text="no context here")]
    encoder = ClauseEncoder(hash_embedder)
    in_context, alone = encoder.encode(clauses)
    assert encoder.texts_encoded == hash_embedder.texts == 6 + 5          # the bare clause only once
    assert np.allclose(alone, hash_embedder.encode([c.text for c in clauses]), atol=1e-6)
    assert np.allclose(in_context, hash_embedder.encode([c.search_text() for c in clauses]), atol=1e-6)


def test_composed_recipe_encodes_each_context_once_across_batches(hash_embedder):
    encoder = ClauseEncoder(hash_embedder, compose=True)
    clauses = _items(40)
    first, _ = encoder.encode(clauses[:20])
    assert hash_embedder.texts == 20 + 1                                  # 20 texts, 1 shared context
    second, alone = encoder.encode(clauses[20:])
    assert hash_embedder.texts == 21 + 20                                 # the context was remembered
    assert np.allclose(np.linalg.norm(second, axis=1), 1.0, atol=1e-5)
    assert np.allclose(alone, hash_embedder.encode([c.text for c in clauses[20:]]), atol=1e-6)
    # the composed vector leans towards its context, unlike the text alone
    context = hash_embedder.encode([context_of(clauses[0])])[0]
    assert (second @ context > alone @ context).all()


def test_composed_recipe_survives_a_tiny_cache(hash_embedder):
    encoder = ClauseEncoder(hash_embedder, cache_size=1, compose=True)
    clauses = _items(3, lead="A:") + _items(3, lead="B:") + _items(3, lead="A:")
    in_context, _ = encoder.encode(clauses)
    assert in_context.shape == (9, hash_embedder.dimension)
    assert np.allclose(in_context[:3], in_context[6:])


def test_composed_vectors_are_close_to_the_models_own(tmp_path_factory):
    """With the real model the composed in-context vector stays near the encoded one (README figures)."""
    from knowledge.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder(backend="onnx", cache_dir=tmp_path_factory.mktemp("models"))
    text = (BUNDLED / "kimberly-5290-employee-use-of-social-media.txt").read_text(encoding="utf-8")
    clauses = [c for c in chunk_policy(text, doc_id="k").clauses if context_of(c)]
    composed, alone = ClauseEncoder(embedder, compose=True).encode(clauses)
    exact, exact_alone = ClauseEncoder(embedder).encode(clauses)
    assert np.allclose(alone, exact_alone, atol=1e-5)
    cosines = (composed * exact).sum(axis=1)
    assert cosines.mean() > 0.94 and cosines.min() > 0.8, cosines
    # and closer to the real in-context vector than the clause's own words are
    assert cosines.mean() > (alone * exact).sum(axis=1).mean() + 0.05


def test_embedder_sums_compose_to_its_vectors(tmp_path_factory):
    from knowledge.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder(backend="onnx", cache_dir=tmp_path_factory.mktemp("models"))
    texts = ["can I text my team?", "a somewhat longer sentence about social media accounts and students"]
    sums, counts = embedder.encode_sums(texts)
    assert counts.tolist() == [len(e.ids) for e in embedder._tok.encode_batch(texts)]
    unit = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    assert np.allclose(unit, embedder.encode(texts), atol=1e-6)


@pytest.mark.parametrize("stored,compose,ok", [("", False, False), ("", True, False), (LEGACY, False, False), (EXACT, False, True),
                                                (EXACT, True, False), (COMPOSED, True, True), (COMPOSED, False, False)])
def test_recipe_names(stored, compose, ok):
    assert matches(stored, compose) is ok
    assert scheme(compose) == (COMPOSED if compose else EXACT)


def test_real_documents_have_few_distinct_contexts():
    """Why composing pays: the bundled policies' clauses share their headings and lead-ins."""
    clauses = [c for p in sorted(Path(BUNDLED).glob("*.txt"))
               for c in chunk_policy(p.read_text(encoding="utf-8"), doc_id=p.stem).clauses]
    contexts = {context_of(c) for c in clauses} - {""}
    assert len(contexts) < len(clauses) / 2


@pytest.mark.parametrize("compose", [False, True])
def test_a_table_row_is_embedded_with_its_headers_in_both_vectors(hash_embedder, compose):
    row = Clause(id="r", doc_id="d", document="D", section="Schedule", locator="¶ 1", text="| Friday | 8 | Off |",
                 columns="| Day | Standard hours | Compressed hours |")
    in_context, alone = ClauseEncoder(hash_embedder, compose=compose).encode([row])
    assert np.allclose(alone[0], hash_embedder.encode(["Day: Friday; Standard hours: 8; Compressed hours: Off"])[0],
                       atol=1e-6)
    if not compose:
        assert np.allclose(in_context[0], hash_embedder.encode([row.search_text()])[0], atol=1e-6)
