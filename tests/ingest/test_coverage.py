"""Every word of every shared real policy lands in exactly one place: a clause, a heading, a table's header
row or caption, or a metadata line; and no clause is a header row, a table rule or a line of only links."""
from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.link_lines import is_link_line
from ingest.loaders import load_text
from ingest.table_lines import is_rule
from tests.conftest import BUNDLED, FIXTURES
from tests.ingest.shared_docs import SHARED, coverage_problems, shared_documents

DOCS = shared_documents()
OWN = (sorted((FIXTURES / "policies").glob("*.txt")) + sorted(BUNDLED.glob("*.txt"))
       + sorted((FIXTURES / "shapes").glob("*.*")))


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


def _not_clauses(doc) -> list[str]:
    """Clauses that should have been a header row, a table rule or link metadata."""
    heads = {text for _, text in doc.table_heads}
    return [c.text for c in doc.clauses if c.text in heads or is_rule(c.text) or is_link_line(c.text)]


@pytest.mark.parametrize("path", OWN, ids=[p.name for p in OWN])
def test_no_header_row_rule_or_link_line_is_a_clause_in_fixtures(path):
    assert _not_clauses(chunk_policy(load_text(path), doc_id="d")) == []


@pytest.mark.skipif(SHARED is None, reason="../shared is not beside the repo")
def test_no_header_row_rule_or_link_line_is_a_clause():
    bad = {}
    for path in DOCS:
        found = _not_clauses(chunk_policy(load_text(path), doc_id="d"))
        if found:
            bad[path.name] = found[:3]
    assert bad == {}


def test_the_clause_check_catches_a_header_row_and_a_link_line():
    doc = chunk_policy("Hours\n\n| Day | Hours |\n|---|---|\n| Monday | 8 |\n", doc_id="h")
    assert _not_clauses(doc) == []
    doc.clauses.append(replace(doc.clauses[0], text="| Day | Hours |"))
    doc.clauses.append(replace(doc.clauses[0], text="[Leave policy](https://x.org/leave)"))
    assert _not_clauses(doc) == ["| Day | Hours |", "[Leave policy](https://x.org/leave)"]
