"""Every word of every shared real policy lands in exactly one place: a clause, a heading or a metadata line."""
from __future__ import annotations

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from tests.conftest import BUNDLED, FIXTURES
from tests.ingest.shared_docs import SHARED, coverage_problems, shared_documents

DOCS = shared_documents()
OWN = sorted((FIXTURES / "policies").glob("*.txt")) + sorted(BUNDLED.glob("*.txt"))


@pytest.mark.parametrize("path", OWN, ids=[p.name for p in OWN])
def test_no_text_lost_or_duplicated_in_fixtures_and_bundled_policies(path):
    text = load_text(path)
    assert coverage_problems(text, chunk_policy(text, doc_id="d")) == []


def test_the_coverage_check_catches_a_lost_and_a_doubled_line():
    text = "Visits\n\nVisitors sign in.\n\nBadges are worn.\n"
    doc = chunk_policy(text, doc_id="v")
    assert coverage_problems(text, doc) == []
    assert coverage_problems(text + "\nKeys are returned.\n", doc) == ["lost: {'are': 1, 'keys': 1, 'returned': 1}"]
    doc.clauses.append(doc.clauses[0])
    assert coverage_problems(text, doc)[0].startswith("duplicated")


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
