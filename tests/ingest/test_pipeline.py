"""Ingest into a real on-disk Chroma collection (the embedder is a deterministic fake here)."""
import shutil

import pytest

from ingest.pipeline import ingest_paths
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
