"""Ingest into a real on-disk Chroma collection (the embedder is a deterministic fake here)."""
import shutil

import pytest

from ingest.pipeline import ingest_paths
from knowledge.manifest import ManifestEntry
from knowledge.store.chroma_store import ChromaStore
from tests.conftest import BUNDLED

KIMBERLY = BUNDLED / "kimberly-5290-employee-use-of-social-media.txt"


@pytest.fixture
def collection(settings):
    return ChromaStore(settings).collection("district-a")


def test_first_ingest_then_idempotent_reingest(collection, hash_embedder, tmp_path):
    report = ingest_paths(collection, hash_embedder, [BUNDLED])
    assert not report.failed and {d.doc_id for d in report.documents} == {
        "jndc-employee-use-of-social-media", "kimberly-5290-employee-use-of-social-media"}
    first = hash_embedder.texts
    clauses = collection.clauses()
    with_context = [c for c in clauses if c.search_text() != c.text]
    assert report.embedded == len(clauses) and 0 < len(with_context) < len(clauses)
    assert first == len(clauses) + len(with_context)       # alone, and in context when it has one
    again = ingest_paths(collection, hash_embedder, [BUNDLED])
    assert hash_embedder.texts == first                     # nothing re-embedded
    assert all(d.added == 0 and d.removed == 0 and d.unchanged > 0 for d in again.documents)


def test_changed_document_replaces_its_clauses(collection, hash_embedder, tmp_path):
    path = tmp_path / "kimberly.txt"
    shutil.copy(KIMBERLY, path)
    ingest_paths(collection, hash_embedder, [path])
    before = hash_embedder.texts
    path.write_text(KIMBERLY.read_text(encoding="utf-8").replace("will monitor it regularly", "will check it daily"),
                    encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [path])
    doc = report.documents[0]
    assert (doc.added, doc.removed) == (1, 1)
    assert hash_embedder.texts == before + 2                # only the changed clause is embedded (twice)
    texts = [c.text for c in collection.clauses()]
    assert any("will check it daily" in t for t in texts)
    assert not any("will monitor it regularly" in t for t in texts)
    # the stale clause is gone from the vector index too, not merely hidden
    vec = hash_embedder.encode(["The employee responsible for the site will monitor it regularly;"])[0]
    hits = collection.dense_search(vec, 50)
    assert all("monitor it regularly" not in c.text for c in collection.clauses() if c.id in {h.clause_id for h in hits})


def test_bad_file_is_reported_and_others_still_ingested(collection, hash_embedder, tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(KIMBERLY, good)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [tmp_path])
    errors = {d.path.rsplit("/", 1)[-1]: d.error for d in report.failed}
    assert set(errors) == {"broken.pdf", "empty.md"}
    assert [s.doc_id for s in collection.sources()] == ["good"]


def test_failed_update_leaves_the_previous_version_answerable(collection, hash_embedder, tmp_path, monkeypatch):
    path = tmp_path / "kimberly.txt"
    shutil.copy(KIMBERLY, path)
    ingest_paths(collection, hash_embedder, [path])
    old = sorted(c.text for c in collection.clauses())
    path.write_text(KIMBERLY.read_text(encoding="utf-8").replace("monitor it regularly", "monitor it hourly"),
                    encoding="utf-8")

    # Simulate a kill after the new clauses are written but before the manifest switches.
    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed")
    monkeypatch.setattr(collection._docs, "upsert", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(collection, hash_embedder, [path])
    monkeypatch.undo()
    collection._cache = None
    assert sorted(c.text for c in collection.clauses()) == old
    # and the next ingest completes the update and sweeps the leftovers
    ingest_paths(collection, hash_embedder, [path])
    texts = [c.text for c in collection.clauses()]
    assert any("monitor it hourly" in t for t in texts) and len(texts) == len(old)


def test_remove_document(collection, hash_embedder):
    ingest_paths(collection, hash_embedder, [BUNDLED])
    assert collection.remove_document("jndc-employee-use-of-social-media")
    assert [s.doc_id for s in collection.sources()] == ["kimberly-5290-employee-use-of-social-media"]
    assert all(c.doc_id.startswith("kimberly") for c in collection.clauses())
    assert not collection.remove_document("jndc-employee-use-of-social-media")


def _stored(collection):
    """Every stored clause with both its vectors, by id."""
    clauses = {c.id: c for c in collection.clauses()}
    ids = sorted(clauses)
    vectors, text_vectors = collection.vectors(ids)
    return {cid: (clauses[cid], vectors[n].round(5).tolist(), text_vectors[n].round(5).tolist())
            for n, cid in enumerate(ids)}


def test_batches_store_the_same_clauses_as_one_write(settings, hash_embedder):
    """Batched ingest gives what writing the whole document at once (the earlier pipeline) gave."""
    from ingest.chunk_policy import chunk_policy
    from ingest.encode_clauses import ClauseEncoder

    store = ChromaStore(settings)
    text = KIMBERLY.read_text(encoding="utf-8")
    doc = chunk_policy(text, doc_id="kimberly")
    whole = store.collection("whole")
    vectors, text_vectors = ClauseEncoder(hash_embedder).encode(doc.clauses)
    whole.put_document(ManifestEntry(doc_id=doc.doc_id, meta=doc.meta, version=doc.version),
                       clauses=doc.clauses, vectors=vectors, text_vectors=text_vectors)
    path = KIMBERLY.parent / "kimberly.txt"
    batched = store.collection("batched")
    from ingest.pipeline import ingest_document

    n = len(doc.clauses)
    report = ingest_document(batched, ClauseEncoder(hash_embedder), doc, path=str(path), batch_size=5, consume=True)
    assert _stored(batched) == _stored(whole) and len(_stored(whole)) == n == report.added > 5
    assert doc.clauses == []                                # let go of as they were stored


class RecordingEmbedder:
    """Wraps the fake embedder and records the largest number of texts in one call."""

    def __init__(self, inner):
        self.inner, self.dimension, self.largest = inner, inner.dimension, 0

    def encode(self, texts):
        self.largest = max(self.largest, len(texts))
        return self.inner.encode(texts)


def test_memory_is_bounded_by_the_batch_not_the_document(collection, hash_embedder, tmp_path):
    from tests.benchmarks.run import synthetic_policy

    path = tmp_path / "manual.md"
    path.write_text(synthetic_policy(300), encoding="utf-8")
    embedder = RecordingEmbedder(hash_embedder)
    writes = []
    original = collection.write_clauses
    collection.write_clauses = lambda clauses, *a: (writes.append(len(clauses)), original(clauses, *a))[1]
    report = ingest_paths(collection, embedder, [path], batch_size=32)
    assert report.clauses > 300 and not report.failed
    assert embedder.largest <= 2 * 32                       # a batch of clauses, alone and in context
    assert max(writes) == 32 and sum(writes) == report.clauses
    assert len(collection.clauses()) == report.clauses


def test_unchanged_reingest_reads_no_vectors_and_encodes_nothing(collection, hash_embedder, monkeypatch):
    ingest_paths(collection, hash_embedder, [BUNDLED])
    before = hash_embedder.texts

    def forbidden(*args, **kwargs):
        raise AssertionError("the skip path touched the vector index")
    monkeypatch.setattr(collection, "vectors", forbidden)
    monkeypatch.setattr(collection, "clause_hashes", forbidden)
    monkeypatch.setattr(collection, "write_clauses", forbidden)
    again = ingest_paths(collection, hash_embedder, [BUNDLED])
    assert hash_embedder.texts == before and again.embedded == 0 and not again.failed


def test_changed_recipe_reencodes_the_store_once(collection, hash_embedder):
    from ingest.encode_clauses import COMPOSED, EXACT

    ingest_paths(collection, hash_embedder, [KIMBERLY])
    assert collection.embedding_scheme == EXACT
    exact = _stored(collection)
    report = ingest_paths(collection, hash_embedder, [KIMBERLY], compose=True)
    assert report.reencoded == len(exact) and report.embedded == 0
    assert collection.embedding_scheme == COMPOSED
    composed = _stored(collection)
    assert composed.keys() == exact.keys()
    changed = [cid for cid in exact if exact[cid][1] != composed[cid][1]]
    assert changed and all(exact[cid][2] == composed[cid][2] for cid in exact)   # text-alone vectors stay
    assert ingest_paths(collection, hash_embedder, [KIMBERLY], compose=True).reencoded == 0
    # back to exact: the very vectors of a first exact ingest again
    assert ingest_paths(collection, hash_embedder, [KIMBERLY]).reencoded == len(exact)
    assert _stored(collection) == exact


@pytest.mark.parametrize("stored", ["", "minilm-l6-v2/text+context", "minilm-l6-v2/text+context-sum-1.5"])
def test_store_embedded_from_the_older_search_text_is_reencoded_once(collection, hash_embedder, stored):
    """Stores from before the scheme was recorded, or from before v2 (last heading only, rows without their
    headers), embedded other text: they are re-encoded from their stored texts, once."""
    from ingest.encode_clauses import EXACT

    ingest_paths(collection, hash_embedder, [KIMBERLY])
    count = len(collection.current_ids())
    collection._docs.modify(metadata={"embedding_scheme": stored})
    assert ingest_paths(collection, hash_embedder, [KIMBERLY]).reencoded == count
    assert collection.embedding_scheme == EXACT
    before = hash_embedder.texts
    assert ingest_paths(collection, hash_embedder, [KIMBERLY]).reencoded == 0
    assert hash_embedder.texts == before


def test_a_store_made_by_another_encoder_is_reencoded(collection, hash_embedder, monkeypatch):
    """The encoder's id is part of the recipe: vectors of the base model and of a trained one never mix."""
    from ingest.encode_clauses import EXACT, scheme

    ingest_paths(collection, hash_embedder, [KIMBERLY])
    assert collection.embedding_scheme == EXACT
    n = len(_stored(collection))
    monkeypatch.setattr(hash_embedder, "model_id", "policybot-minilm-staff-0123456789", raising=False)
    report = ingest_paths(collection, hash_embedder, [KIMBERLY])
    assert report.reencoded == n and collection.embedding_scheme == scheme(False, "policybot-minilm-staff-0123456789")
    assert ingest_paths(collection, hash_embedder, [KIMBERLY]).reencoded == 0


def test_a_changed_document_with_repeated_items_keeps_their_vectors(collection, hash_embedder, tmp_path):
    """Two items with the same words share one stored clause; re-ingesting the changed document asks for it once."""
    doc = tmp_path / "checklist.txt"
    items = "Uniform checklist\n\nEach officer shall keep:\n- [ ] Clean boots.\n- [ ] Clean boots.\n- [ ] A name tag.\n"
    doc.write_text(items + "\nBadges are issued by the armory.\n", encoding="utf-8")
    ingest_paths(collection, hash_embedder, [doc])
    doc.write_text(items + "\nBadges are issued by the captain.\n", encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [doc])
    assert not report.failed and report.embedded >= 1
    assert sum("Clean boots" in c.text for c in collection.clauses()) == 2
