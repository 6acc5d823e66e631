"""The manifest entry's stored shape: versioned, flat, and read back from stores written before the version."""
import pytest

from knowledge.document_meta import DocumentMeta
from knowledge.manifest import SCHEMA, SCHEMA_KEY, ManifestEntry

ENTRY = ManifestEntry(doc_id="hr/leave", meta=DocumentMeta(title="Leave", policy_code="GBRH", adopted="2/2011",
                                                            organization="Example SD"),
                      version="abc123", path="/p/hr/leave.txt", content_hash="f" * 64, references="29 CFR 825",
                      clause_ids=("hr/leave:1", "hr/leave:2"))


def test_round_trip_through_the_stored_shape():
    stored = ENTRY.to_dict()
    assert stored[SCHEMA_KEY] == SCHEMA == 1
    assert all(isinstance(v, (str, int)) for k, v in stored.items() if k != "clause_ids")   # what stores take
    assert ManifestEntry.from_dict("hr/leave", stored) == ENTRY


def test_an_entry_written_before_schemas_loads():
    """The dict an earlier PolicyBot wrote (no schema number; an empty document stored as its title only)."""
    legacy = {"title": "Leave", "policy_code": "GBRH", "adopted": "2/2011", "revised": "", "reviewed": "",
              "organization": "Example SD", "version": "abc123", "url": "", "path": "/p/hr/leave.txt",
              "content_hash": "f" * 64, "references": "29 CFR 825", "clause_ids": ["hr/leave:1", "hr/leave:2"]}
    assert ManifestEntry.from_dict("hr/leave", legacy) == ENTRY
    bare = ManifestEntry.from_dict("old-doc", {"title": "old-doc", "clause_ids": []})
    assert bare.meta.title == "old-doc" and bare.version == "" and bare.clause_ids == ()
    assert ManifestEntry.from_dict("untitled", {"clause_ids": ["x"]}).meta.title == "untitled"


def test_a_newer_schema_is_refused_not_misread():
    with pytest.raises(ValueError, match="upgrade PolicyBot"):
        ManifestEntry.from_dict("hr/leave", {**ENTRY.to_dict(), SCHEMA_KEY: SCHEMA + 1})


def test_the_source_view_carries_the_document_metadata():
    source = ENTRY.source()
    assert DocumentMeta.of(source) == ENTRY.meta
    assert (source.doc_id, source.clauses, source.version, source.path) == ("hr/leave", 2, "abc123", "/p/hr/leave.txt")
