"""Ingest marks each clause with the staff groups of its version, shows them in `sources`, and re-marks on change."""
import pytest

from ingest.pipeline import ingest_paths
from knowledge.staff_groups.rules import GroupRules
from knowledge.store.chroma_store import ChromaStore

LICENSED = "# 3.8—LICENSED PERSONNEL SICK LEAVE\n\nEach employee earns one day of sick leave per month.\n"
CLASSIFIED = "# 8.5—CLASSIFIED EMPLOYEES SICK LEAVE – EXCLUDING BUS DRIVERS\n\nEach employee earns five days a year.\n"
HANDBOOK = ("# Staff Handbook\n\n## Parking\n\nPark in the staff lot.\n\n## Classified Staff\n\n"
            "Overtime needs a supervisor's approval.\n")
SCOPED = "# Sick Leave\n\nThis policy applies only to coaches.\n\nCoaches earn two days a season.\n"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "manual"
    d.mkdir()
    for name, text in (("3-08-sick.md", LICENSED), ("8-05-sick.md", CLASSIFIED), ("handbook.md", HANDBOOK),
                       ("coaches.md", SCOPED)):
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def collection(settings):
    return ChromaStore(settings).collection("conway-test")


def groups_by_doc(collection):
    out = {}
    for c in collection.clauses():
        out.setdefault(c.doc_id, set()).add(c.groups)
    return out


def test_groups_are_detected_and_stored_on_every_clause(collection, hash_embedder, folder):
    report = ingest_paths(collection, hash_embedder, [folder])
    assert not report.failed
    groups = groups_by_doc(collection)
    assert groups["3-08-sick"] == {"licensed"}
    assert groups["8-05-sick"] == {"classified"}
    assert groups["coaches"] == {"coaches"}                        # from its scope statement
    assert groups["handbook"] == {"", "classified"}                # a heading narrows its own clauses only
    sources = {s.doc_id: s.groups for s in collection.sources()}
    assert sources["3-08-sick"] == ("licensed",) and sources["handbook"] == ("classified",)


def test_settings_override_detection_and_a_change_re_marks_unchanged_documents(collection, hash_embedder, folder):
    ingest_paths(collection, hash_embedder, [folder])
    embedded = hash_embedder.texts
    report = ingest_paths(collection, hash_embedder, [folder], groups=GroupRules.build(patterns={"3-*": ["management"]}))
    assert hash_embedder.texts == embedded                         # same words: nothing re-encoded
    assert {d.doc_id for d in report.documents if d.unchanged and not d.added} >= {"3-08-sick"}
    assert groups_by_doc(collection)["3-08-sick"] == {"management"}
    ingest_paths(collection, hash_embedder, [folder / "8-05-sick.md"], groups=GroupRules.build(forced=["bus drivers"]))
    assert groups_by_doc(collection)["8-05-sick"] == {"bus_drivers"}
