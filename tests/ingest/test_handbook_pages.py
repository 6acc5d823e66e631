"""A handbook page exported from a wiki or static site: links, navigation, nested and definition lists, quotes.

Fixture: tests/fixtures/shapes/staff-hours.md (and its HTML twin).
"""
from __future__ import annotations

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from tests.conftest import FIXTURES
from tests.ingest.shared_docs import coverage_problems

SHAPES = FIXTURES / "shapes"


@pytest.fixture(scope="module", params=["staff-hours.md", "staff-hours.html"])
def page(request):
    text = load_text(SHAPES / request.param)
    doc = chunk_policy(text, doc_id="hours")
    assert coverage_problems(text, doc) == []
    return doc


def test_navigation_and_link_lists_are_metadata_not_clauses(page):
    texts = " ".join(c.text for c in page.clauses)
    for furniture in ("](", "Back to top", "Edit this page", "Home", "Payroll calendar", "Travel policy",
                      "Related pages"):
        assert furniture not in texts
    assert page.links


def test_a_link_in_a_sentence_keeps_its_text_and_its_url(page):
    form = next(c for c in page.clauses if "Form 71" in c.text)
    assert form.text == "A compressed schedule is requested on Form 71 before the term starts."
    assert form.links == "https://handbook.example.org/forms/71"
    assert "https://handbook.example.org/forms/71" in page.metadata_lines


def test_a_definition_is_read_with_its_term(page):
    flex = next(c for c in page.clauses if c.text == "Hours moved within one working week.")
    assert flex.lead_in == "Flex time:" and flex.search_text() == "Terms Flex time: Hours moved within one working week."


def test_a_quoted_rule_reads_as_its_text(page):
    assert "Overtime is paid at one and a half times the hourly rate." in [c.text for c in page.clauses]


def test_a_sub_item_carries_every_item_above_it():
    doc = chunk_policy(load_text(SHAPES / "staff-hours.md"), doc_id="hours")
    deepest = next(c for c in doc.clauses if c.text == "including by text message")
    assert deepest.locator == "item 2.1.1"
    assert deepest.lead_in == "You must not: record hours for another employee even at their request"
    assert deepest.search_text().startswith("Overtime You must not: record hours")


def test_front_matter_names_the_page():
    doc = chunk_policy(load_text(SHAPES / "staff-hours.md"), doc_id="hours")
    assert (doc.meta.title, doc.meta.policy_code, doc.meta.revised) == ("Staff Hours and Schedules", "HR 210", "2024-08-01")
