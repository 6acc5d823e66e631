"""Document identity (path under the ingested root, --id, old ids mapped) and the organisation on citations."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.application.engine import Engine
from ingest.chunk_policy import slugify
from ingest.encode_clauses import ClauseEncoder
from ingest.pipeline import ingest_paths
from knowledge.store.chroma_store import ChromaStore
from tests.conftest import BUNDLED

JNDC = (BUNDLED / "jndc-employee-use-of-social-media.txt").read_text(encoding="utf-8")
KIMBERLY = (BUNDLED / "kimberly-5290-employee-use-of-social-media.txt").read_text(encoding="utf-8")


@pytest.fixture
def collection(settings):
    return ChromaStore(settings).collection("district-a")


def test_same_file_name_in_two_folders_is_two_documents(collection, hash_embedder, tmp_path):
    (tmp_path / "hr").mkdir()
    (tmp_path / "it").mkdir()
    (tmp_path / "hr" / "handbook.txt").write_text(JNDC, encoding="utf-8")
    (tmp_path / "it" / "handbook.txt").write_text(KIMBERLY, encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [tmp_path])
    assert sorted(d.doc_id for d in report.documents) == ["hr/handbook", "it/handbook"]
    assert {s.doc_id for s in collection.sources()} == {"hr/handbook", "it/handbook"}
    assert {c.doc_id for c in collection.clauses()} == {"hr/handbook", "it/handbook"}


def test_explicit_id_for_one_file(collection, hash_embedder, tmp_path):
    path = tmp_path / "policy.txt"
    path.write_text(JNDC, encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [path], doc_id="staff/social-media")
    assert [d.doc_id for d in report.documents] == ["staff/social-media"]
    with pytest.raises(ValueError, match="one document"):
        ingest_paths(collection, hash_embedder, [path, path], doc_id="x")
    with pytest.raises(ValueError, match="invalid --id"):
        ingest_paths(collection, hash_embedder, [path], doc_id="../../etc")


def test_a_store_written_with_stem_ids_maps_onto_path_ids(collection, hash_embedder, tmp_path):
    """Before, hr/handbook.txt was stored as `handbook`; re-ingesting its folder renames it without re-embedding."""
    from ingest.chunk_policy import chunk_policy
    from ingest.encode_clauses import EXACT
    from ingest.pipeline import ingest_document

    (tmp_path / "hr").mkdir()
    path = tmp_path / "hr" / "handbook.txt"
    path.write_text(JNDC, encoding="utf-8")
    old = chunk_policy(JNDC, doc_id=slugify(path.stem))
    ingest_document(collection, ClauseEncoder(hash_embedder), old, path=str(path))
    collection.set_embedding_scheme(EXACT)                    # written by this version's recipe
    embedded = hash_embedder.texts
    report = ingest_paths(collection, hash_embedder, [tmp_path])
    assert [(d.doc_id, d.replaced) for d in report.documents] == [("hr/handbook", "handbook")]
    assert hash_embedder.texts == embedded                    # vectors re-used
    assert [s.doc_id for s in collection.sources()] == ["hr/handbook"]


def test_organisation_is_stored_and_tells_same_titles_apart(settings, hash_embedder, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "attendance.txt").write_text("P 4310 General Attendance\n\nStaff shall record attendance daily.\n",
                                      encoding="utf-8")
    (b / "attendance.txt").write_text("P 4310 General Attendance\n\nStaff shall record attendance every period.\n",
                                      encoding="utf-8")
    # A hash embedder's cosines mean nothing to the trained coverage model: any clause counts as relevant here.
    engine = Engine(replace(settings, retrieval=replace(settings.retrieval, min_relevance=0.0)), embedder=hash_embedder)
    engine.coverage = None
    col = engine.store.collection("mixed")
    ingest_paths(col, hash_embedder, [a / "attendance.txt"], organization="Alpha SD", doc_id="alpha/4310")
    ingest_paths(col, hash_embedder, [b / "attendance.txt"], organization="Beta SD", doc_id="beta/4310")
    paths = {c.citation_path for c in col.clauses()}
    assert paths == {"Alpha SD: P 4310 General Attendance › ¶ 1", "Beta SD: P 4310 General Attendance › ¶ 1"}
    answer = engine.ask("Must staff record attendance?", collection="mixed")
    cited = {(c.organization, c.path) for c in answer.citations}
    assert ("Alpha SD", "Alpha SD: P 4310 General Attendance › ¶ 1") in cited
    assert all("organization" in c for c in answer.to_dict()["citations"])
    assert {s.organization for s in col.sources()} == {"Alpha SD", "Beta SD"}


def test_collection_default_organisation_from_settings(tmp_path):
    from bot.application.settings import load_settings

    config = tmp_path / "app.yaml"
    config.write_text('collections: {minuteman: {organization: "Minuteman RVTSD"}}\n', encoding="utf-8")
    settings = load_settings(path=config, env={})
    assert settings.organization_for("minuteman") == "Minuteman RVTSD" and settings.organization_for("x") == ""
    config.write_text("collections: {minuteman: {orgnization: typo}}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="orgnization"):
        load_settings(path=config, env={})


def test_sources_record_hash_dates_and_url(collection, hash_embedder, tmp_path):
    path = tmp_path / "gbxx.txt"
    path.write_text("GBXX - Visitors\nSource: https://example.org/gbxx\n\nVisitors must sign in.\n\n"
                    "Adopted: 2/2011\nRevised: 3/2015\n", encoding="utf-8")
    ingest_paths(collection, hash_embedder, [path], organization="Example SD")
    (s,) = collection.sources()
    assert (s.title, s.policy_code, s.organization, s.url, s.adopted, s.revised, s.clauses) == (
        "GBXX - Visitors", "GBXX", "Example SD", "https://example.org/gbxx", "2/2011", "3/2015", 1)
    assert len(s.content_hash) == 64


def test_policy_dropped_from_a_reingested_manual_is_removed(collection, hash_embedder, tmp_path):
    policies = ["GBAA - Staff Conduct\n\nStaff act professionally at all times.\n",
                "GBEB - Staff Dress\n\nStaff dress for the work they do.\n",
                "GBEC - Drug-Free Workplace\n\nNo drugs are allowed at work.\n"]
    path = tmp_path / "manual.md"
    path.write_text("\n".join(f"# {p}" for p in policies), encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [path])
    assert [d.doc_id for d in report.documents] == ["manual/gbaa", "manual/gbeb", "manual/gbec"]
    path.write_text("\n".join(f"# {p}" for p in policies[::2]), encoding="utf-8")
    report = ingest_paths(collection, hash_embedder, [path])
    assert [(d.doc_id, d.removed) for d in report.documents if d.note.startswith("no longer")] == [("manual/gbeb", 1)]
    assert [s.doc_id for s in collection.sources()] == ["manual/gbaa", "manual/gbec"]
