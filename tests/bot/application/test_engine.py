"""The engine brings a stored collection up to the configured context-vector recipe (and matched text) before
answering."""
from dataclasses import replace

import pytest

from bot.application.engine import Engine
from ingest.encode_clauses import COMPOSED, EXACT
from ingest.pipeline import ingest_paths
from knowledge.settings import IngestSettings
from tests.conftest import BUNDLED


def test_changed_recipe_reencodes_on_first_use(settings, hash_embedder):
    exact = Engine(settings, embedder=hash_embedder)
    col = exact.store.collection("district")
    ingest_paths(col, hash_embedder, [BUNDLED])
    n = len(col.clauses())
    before = hash_embedder.texts

    composed = Engine(replace(settings, ingest=IngestSettings(context_vectors="composed")), embedder=hash_embedder)
    assert composed.collection("district").embedding_scheme == COMPOSED
    assert hash_embedder.texts > before + n // 2           # every clause went through the model again
    after = hash_embedder.texts
    composed.collection("district")
    assert hash_embedder.texts == after                     # once only
    assert composed.retriever("district").search("can I text a student?")


def test_older_store_is_reencoded_once_then_read_without_writing(settings, hash_embedder, monkeypatch):
    """A store from before recipes were recorded embedded older matched text (last heading only, rows without
    their headers): it is re-encoded on first use; a store at the current recipe is read without writing."""
    engine = Engine(settings, embedder=hash_embedder)
    col = engine.store.collection("district")
    ingest_paths(col, hash_embedder, [BUNDLED])
    col._docs.modify(metadata={"embedding_scheme": ""})
    before = hash_embedder.texts
    assert engine.collection("district").embedding_scheme == EXACT
    assert hash_embedder.texts > before

    def no_writes(*args, **kwargs):
        raise AssertionError("the read path wrote to the store")
    monkeypatch.setattr(col, "set_embedding_scheme", no_writes)
    monkeypatch.setattr(col, "replace_vectors", no_writes)
    assert engine.collection("district") is col
    assert engine.retriever("district").search("can I text a student?")


def test_bad_recipe_setting_is_refused(tmp_path):
    from bot.application.settings import load_settings

    config = tmp_path / "app.yaml"
    config.write_text("ingest:\n  context_vectors: fast\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ingest.context_vectors"):
        load_settings(path=config, env={}, data_dir=tmp_path)
    assert IngestSettings().context_vectors == "exact" and not IngestSettings().compose
