"""Every word of every shared real policy lands in exactly one place: a clause, a heading or a metadata line."""
from __future__ import annotations

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from tests.ingest.shared_docs import SHARED, coverage_problems, shared_documents

DOCS = shared_documents()


@pytest.mark.skipif(SHARED is None, reason="../shared (the shared real-world corpora) is not beside the repo")
@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_no_text_lost_or_duplicated(path):
    text = load_text(path)
    doc = chunk_policy(text, doc_id="d")
    assert doc.clauses
    assert coverage_problems(text, doc) == []


@pytest.mark.skipif(SHARED is None, reason="../shared is not beside the repo")
def test_metadata_never_becomes_a_clause_or_heading():
    for path in DOCS:
        doc = chunk_policy(load_text(path), doc_id="d")
        for c in doc.clauses:
            assert not c.text.startswith(("Source:", "date-adoption", "revision:", "LEGAL REFERENCES", "(617)")), path
            assert "Source:" not in c.section and "created:" not in c.section, path
