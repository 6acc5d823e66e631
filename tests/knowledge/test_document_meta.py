"""One document-metadata record (`DocumentMeta`) from the chunker to every clause, the manifest and `sources`."""
from dataclasses import fields

from ingest.chunk_policy import chunk_policy
from ingest.pipeline import ingest_paths
from knowledge.document_meta import DocumentMeta
from knowledge.models import Clause
from knowledge.ports import SourceInfo
from knowledge.store.memory_store import MemoryStore

POLICY = """---
title: Visitors to Schools
code: GBXX
adopted: 2011-02-01
revised: 2015-03-01
reviewed: 2020-06-01
url: https://example.org/gbxx
---
All visitors must sign in at the office.

Visitors wear a badge while in the building.
"""


def test_the_record_is_declared_once_and_every_view_uses_it():
    clause_names = {f.name for f in fields(Clause)}
    assert set(DocumentMeta().clause_fields()) <= clause_names                 # what a clause carries of it
    assert set(DocumentMeta.names()) <= {f.name for f in fields(SourceInfo)}   # SourceInfo extends it


def test_one_record_flows_from_the_text_to_clauses_manifest_and_sources(tmp_path, hash_embedder):
    doc = chunk_policy(POLICY, doc_id="gbxx", organization="Example SD")
    expected = DocumentMeta(title="Visitors to Schools", policy_code="GBXX", adopted="2011-02-01",
                            revised="2015-03-01", reviewed="2020-06-01", url="https://example.org/gbxx",
                            organization="Example SD")
    assert doc.meta == expected
    assert all({k: getattr(c, k) for k in expected.clause_fields()} == expected.clause_fields() for c in doc.clauses)
    path = tmp_path / "gbxx.md"
    path.write_text(POLICY, encoding="utf-8")
    col = MemoryStore().collection("district")
    ingest_paths(col, hash_embedder, [path], organization="Example SD")
    (entry,) = col.manifest().values()
    (source,) = col.sources()
    assert entry.meta == expected and DocumentMeta.of(source) == expected
    assert (source.doc_id, source.clauses, source.path) == ("gbxx", 2, str(path))
