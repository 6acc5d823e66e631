"""The operator's word over detection: --group at ingest, app.yaml globs on ids or codes, headings narrowing."""
import pytest

from knowledge.staff_groups.rules import GroupRules
from knowledge.staff_groups.vocabulary import UnknownGroup


def test_detection_without_settings():
    rules = GroupRules()
    assert rules.document(doc_id="8-07", title="8.7—CLASSIFIED EMPLOYEES PERSONAL LEAVE") == ("classified",)


def test_forced_groups_win_over_everything():
    rules = GroupRules.build(forced=["coach"])
    assert rules.document(doc_id="3-08", title="LICENSED PERSONNEL SICK LEAVE") == ("coaches",)
    assert rules.clause(("coaches",), "Bus drivers", doc_id="3-08") == ("coaches",)


def test_globs_match_the_document_id_or_its_code_and_an_empty_list_means_everyone():
    rules = GroupRules.build(patterns={"3-*": ["licensed"], "42*": ["classified"], "3-53-*": []})
    assert rules.document(doc_id="3-39-personnel-records", title="PERSONNEL RECORDS") == ("licensed",)
    assert rules.document(doc_id="ar-leave", title="Leaves", policy_code="4261.1") == ("classified",)
    assert rules.document(doc_id="x", title="CLASSIFIED PERSONNEL ETHICS") == ("classified",)   # no glob: detected
    # first match wins: order the specific glob first to mark a document as everyone's
    first = GroupRules.build(patterns={"3-53-*": [], "3-*": ["licensed"]})
    assert first.document(doc_id="3-53-depositing-collected-funds", title="DEPOSITING COLLECTED FUNDS") == ()


def test_a_heading_naming_a_group_narrows_its_clauses():
    rules = GroupRules()
    doc = rules.document(doc_id="handbook", title="Staff Handbook")
    assert rules.clause(doc, "Leave › Classified Staff › Sick days", doc_id="handbook") == ("classified",)
    assert rules.clause(doc, "Leave › Sick days", doc_id="handbook") == ()


def test_unknown_groups_and_series_are_refused():
    with pytest.raises(UnknownGroup):
        GroupRules.build(forced=["janitors"])
    with pytest.raises(UnknownGroup):
        GroupRules.build(patterns={"3-*": ["teachers-union"]})
    with pytest.raises(ValueError, match="series"):
        GroupRules.build(series="dewey")
