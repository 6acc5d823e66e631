"""The store port's contract (`knowledge.ports.ClauseStore`, `CollectionStore`), held by every adapter.

Each test runs against the in-memory adapter and against real Chroma on disk; a behaviour one of them lacks
fails here, not in a chat reply.
"""
from __future__ import annotations

import numpy as np
import pytest

from ingest.pipeline import ingest_paths
from knowledge.document_meta import DocumentMeta
from knowledge.manifest import ManifestEntry
from knowledge.models import Clause
from knowledge.ports import ClauseStore, CollectionStore, SourceInfo
from knowledge.store.chroma_store import ChromaStore
from knowledge.store.memory_store import MemoryStore
from tests.conftest import BUNDLED

META = DocumentMeta(title="Visitors", policy_code="GBXX", adopted="2/2011", revised="3/2015", reviewed="2020",
                    url="https://example.org/gbxx", organization="Example SD")


@pytest.fixture(params=["memory", "chroma"])
def store(request, settings):
    return MemoryStore() if request.param == "memory" else ChromaStore(settings)


def _clauses(doc_id: str, n: int, start: int = 0) -> list[Clause]:
    return [Clause(id=f"{doc_id}:{i}", doc_id=doc_id, section="Rules › Visits", locator=f"item {i}", text=f"rule {i}",
                   lead_in="Visitors must:", content_hash=f"{doc_id}-h{i}", position=i, columns="| A | B |" if i == 1
                   else "", links="https://example.org/a https://example.org/b" if i == 2 else "",
                   **META.clause_fields()) for i in range(start, start + n)]


def _vectors(n: int, seed: int, dim: int = 8) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _entry(doc_id: str, clauses: list[Clause], **kw) -> ManifestEntry:
    fields = {"version": "v1", "path": f"/policies/{doc_id}.txt", "content_hash": "c" * 64,
              "references": "20 U.S.C. § 1232g", **kw}
    return ManifestEntry(doc_id=doc_id, meta=META, clause_ids=tuple(c.id for c in clauses), **fields)


def test_a_new_collection_is_empty(store):
    col = store.collection("empty")
    assert isinstance(store, CollectionStore) and isinstance(col, ClauseStore)     # every method of the port
    assert col.clauses() == [] and col.sources() == [] and col.manifest() == {} and col.current_ids() == set()
    assert col.manifest_entry("doc") is None and col.clause_hashes("doc") == {} and col.embedding_scheme == ""
    assert col.dense_search(_vectors(1, 0)[0], 5) == []
    assert [len(v) for v in col.vectors([])] == [0, 0]
    assert not col.remove_document("doc")


def test_written_clauses_stay_invisible_until_the_switch(store):
    col = store.collection("district")
    clauses = _clauses("doc", 5)
    ctx, alone = _vectors(5, 1), _vectors(5, 2)
    col.write_clauses(clauses[:3], ctx[:3], alone[:3])
    col.write_clauses(clauses[3:], ctx[3:], alone[3:])
    assert col.clauses() == [] and col.dense_search(ctx[0], 3) == [] and col.sources() == []
    col.switch_document(_entry("doc", clauses))
    assert col.clauses() == clauses                             # every field back as written, in position order
    assert col.current_ids() == {c.id for c in clauses}
    assert col.clause_hashes("doc") == {c.content_hash: c.id for c in clauses}


def test_vectors_come_back_as_written_and_dense_search_takes_the_better_of_two(store):
    col = store.collection("district")
    clauses = _clauses("doc", 6)
    ctx, alone = _vectors(6, 3), _vectors(6, 4)
    col.put_document(_entry("doc", []), clauses, ctx, alone)
    got_ctx, got_alone = col.vectors(["doc:4", "doc:0"])
    assert np.allclose(got_ctx, ctx[[4, 0]], atol=1e-6) and np.allclose(got_alone, alone[[4, 0]], atol=1e-6)
    query = alone[2]
    hits = col.dense_search(query, 3)
    expected = np.maximum(ctx @ query, alone @ query)
    assert [h.clause_id for h in hits] == [f"doc:{i}" for i in np.argsort(-expected)[:3]]
    assert hits[0].clause_id == "doc:2" and hits[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert [h.similarity for h in hits] == pytest.approx(sorted(expected, reverse=True)[:3], abs=1e-4)
    assert len(col.dense_search(query, 50)) == 6


def test_the_manifest_keeps_the_typed_entry(store):
    col = store.collection("district")
    a, b = _clauses("b-doc", 2), _clauses("a-doc", 3)
    col.put_document(_entry("b-doc", []), a, _vectors(2, 5), _vectors(2, 6))
    col.put_document(_entry("a-doc", [], references="x" * 5000), b, _vectors(3, 7), _vectors(3, 8))
    entry = col.manifest_entry("b-doc")
    assert entry == _entry("b-doc", a)
    assert set(col.manifest()) == {"a-doc", "b-doc"} and col.manifest()["b-doc"] == entry
    assert len(col.manifest_entry("a-doc").references) == 2000      # cut: the manifest is metadata, not text
    assert col.sources() == [
        SourceInfo(**META.as_dict(), doc_id="a-doc", clauses=3, version="v1", path="/policies/a-doc.txt",
                   content_hash="c" * 64),
        SourceInfo(**META.as_dict(), doc_id="b-doc", clauses=2, version="v1", path="/policies/b-doc.txt",
                   content_hash="c" * 64)]
    assert col.manifest_entry("c-doc") is None


def test_a_switch_sweeps_what_it_no_longer_lists(store):
    col = store.collection("district")
    old = _clauses("doc", 5)
    col.put_document(_entry("doc", []), old, _vectors(5, 9), _vectors(5, 10))
    new = old[3:] + _clauses("doc", 2, start=5)                 # two kept, two added, three dropped
    col.put_document(_entry("doc", []), new, _vectors(4, 11), _vectors(4, 12))
    assert col.clauses() == new
    stored = [c.id for page in col.stored_clauses() for c in page]
    assert sorted(stored) == sorted(c.id for c in new)          # gone, not merely hidden
    assert {h.clause_id for h in col.dense_search(_vectors(1, 13)[0], 20)} == {c.id for c in new}


def test_removing_a_document_retires_its_clauses(store):
    col = store.collection("district")
    col.put_document(_entry("gone", []), _clauses("gone", 3), _vectors(3, 14), _vectors(3, 15))
    col.put_document(_entry("kept", []), _clauses("kept", 2), _vectors(2, 16), _vectors(2, 17))
    assert col.remove_document("gone") and not col.remove_document("gone")
    assert {c.doc_id for c in col.clauses()} == {"kept"} and set(col.manifest()) == {"kept"}
    assert {c.doc_id for page in col.stored_clauses() for c in page} == {"kept"}
    assert {h.clause_id for h in col.dense_search(_vectors(1, 18)[0], 10)} == {"kept:0", "kept:1"}


def test_reencoding_replaces_vectors_only_and_the_scheme_is_recorded(store):
    col = store.collection("district")
    clauses = _clauses("doc", 3)
    col.put_document(_entry("doc", []), clauses, _vectors(3, 19), _vectors(3, 20))
    fresh, fresh_alone = _vectors(1, 21), _vectors(1, 22)
    col.replace_vectors(["doc:1"], fresh, fresh_alone)
    got = col.vectors(["doc:1"])
    assert np.allclose(got[0], fresh, atol=1e-6) and np.allclose(got[1], fresh_alone, atol=1e-6)
    assert col.clauses() == clauses                             # text and metadata untouched
    col.set_embedding_scheme("recipe-x")
    assert col.embedding_scheme == "recipe-x" and store.collection("district").embedding_scheme == "recipe-x"


def test_collections_are_separate_tenants_with_checked_names(store):
    a = store.collection("district-a")
    a.put_document(_entry("doc", []), _clauses("doc", 2), _vectors(2, 23), _vectors(2, 24))
    assert store.collection("district-b").clauses() == []
    assert store.collection("district-a") is a and len(a.clauses()) == 2
    assert store.collection_names() == ["district-a", "district-b"]
    assert store.exists("district-a") and not store.exists("district-c")
    for bad in ("a", "bad name", "x--docs", "-lead"):
        with pytest.raises(ValueError, match="invalid collection name"):
            store.collection(bad)


def test_ingest_is_idempotent_and_both_adapters_store_the_same(store, settings, hash_embedder):
    col = store.collection("district")
    first = ingest_paths(col, hash_embedder, [BUNDLED])
    assert not first.failed and first.embedded == len(col.clauses()) > 0
    again = ingest_paths(col, hash_embedder, [BUNDLED])
    assert again.embedded == 0 and all(d.unchanged and not d.added for d in again.documents)
    reference = MemoryStore().collection("district")
    ingest_paths(reference, hash_embedder, [BUNDLED])
    assert col.clauses() == reference.clauses() and col.sources() == reference.sources()
    assert col.embedding_scheme == reference.embedding_scheme != ""
    query = hash_embedder.encode(["may staff use social media with students"])[0]
    hits, expected = col.dense_search(query, 5), reference.dense_search(query, 5)
    assert [h.similarity for h in hits] == pytest.approx([h.similarity for h in expected], abs=1e-4)
