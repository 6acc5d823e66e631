"""The clauses a re-ingest swaps, per document, read while both versions are still stored."""
from __future__ import annotations

import pytest

from ingest.change_recorder import ChangeRecorder
from ingest.pipeline import ingest_paths
from knowledge.clause_changes import ChangeKind
from knowledge.store.chroma_store import ChromaStore

POLICY = """GBEBB - Staff Conduct with Students

# Contact with Students

Informal involvement with students is prohibited. This includes:

1. Giving private cell phone numbers to students without prior approval of the District;
2. Inviting students to an employee's home;
3. Friending students on personal social networking sites.

# Monitoring

The employee responsible for the site will monitor it regularly.
"""


@pytest.fixture
def collection(settings):
    return ChromaStore(settings).collection("district-a")


def reingest(collection, embedder, path, text):
    path.write_text(text, encoding="utf-8")
    recorder = ChangeRecorder(collection)
    report = ingest_paths(recorder, embedder, [path])
    return recorder.document_changes(report), report


def test_first_ingest_and_unchanged_reingest_record_nothing(collection, hash_embedder, tmp_path):
    path = tmp_path / "gbebb.txt"
    changes, _ = reingest(collection, hash_embedder, path, POLICY)
    assert changes == []                     # a new document changed nobody's answer
    changes, report = reingest(collection, hash_embedder, path, POLICY)
    assert changes == [] and report.documents[0].unchanged == 5


def test_a_reworded_item_is_a_change_and_a_renumbered_one_is_not(collection, hash_embedder, tmp_path):
    path = tmp_path / "gbebb.txt"
    reingest(collection, hash_embedder, path, POLICY)
    revised = (POLICY.replace("2. Inviting students to an employee's home;\n", "")
               .replace("3. Friending", "2. Friending")
               .replace("will monitor it regularly", "will check it every school day"))
    [doc], report = reingest(collection, hash_embedder, path, revised)
    assert doc.doc_id == "gbebb" and doc.title.startswith("GBEBB")
    kinds = {(c.kind, (c.old.text if c.old else ""), (c.new.text if c.new else "")) for c in doc.changes}
    assert kinds == {
        (ChangeKind.REMOVED, "Inviting students to an employee's home;", ""),
        (ChangeKind.CHANGED, "The employee responsible for the site will monitor it regularly.",
         "The employee responsible for the site will check it every school day."),
    }
    assert report.documents[0].removed == 2        # the pipeline's own counts are unchanged by recording


def test_a_moved_clause_under_another_heading_is_not_a_change(collection, hash_embedder, tmp_path):
    path = tmp_path / "gbebb.txt"
    reingest(collection, hash_embedder, path, POLICY)
    moved = POLICY.replace("# Monitoring\n\n", "# Oversight of Sites\n\n")
    changes, report = reingest(collection, hash_embedder, path, moved)
    assert report.documents[0].added == 1          # a new id (its heading is part of it)...
    assert changes == []                           # ...but the same words: nobody is told


def test_a_policy_dropped_from_a_manual_is_all_removed(collection, hash_embedder, tmp_path):
    manual = tmp_path / "manual.txt"
    second = "GBED - Tobacco-Free Schools\n\nNo employee shall use tobacco products on school property.\n"
    reingest(collection, hash_embedder, manual, POLICY + "\n" + second)
    assert len(collection.sources()) == 2
    [doc], _ = reingest(collection, hash_embedder, manual, POLICY + "\n" + POLICY.replace("GBEBB", "GBEBC")
                        .replace("Staff Conduct", "Staff Behaviour"))
    assert doc.doc_id.endswith("/gbed")
    assert [(c.kind, c.old.text) for c in doc.changes] == [
        (ChangeKind.REMOVED, "No employee shall use tobacco products on school property.")]
