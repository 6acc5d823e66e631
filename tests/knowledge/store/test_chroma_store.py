"""The store contract, against embedded Chroma and a real `chroma run` server on loopback."""
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import ingest_paths
from knowledge.document_meta import DocumentMeta
from knowledge.manifest import ManifestEntry
from knowledge.settings import ChromaSettings
from knowledge.store.chroma_store import ChromaStore, validate_collection_name
from tests.conftest import BUNDLED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.skip("the `chroma` command is not installed")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield port
    proc.terminate()
    proc.wait(10)


@pytest.fixture(params=["embedded", pytest.param("http", marks=pytest.mark.integration)])
def store(request, settings):
    if request.param == "http":
        port = request.getfixturevalue("chroma_server")
        settings = replace(settings, chroma=ChromaSettings(mode="http", host="127.0.0.1", port=port))
    return ChromaStore(settings)


def test_contract(store, hash_embedder, request):
    name = f"t-{request.node.callspec.id}-{int(time.time() * 1000) % 100000}"
    col = store.collection(name)
    assert col.clauses() == [] and col.sources() == []
    ingest_paths(col, hash_embedder, [BUNDLED])
    sources = {s.doc_id: s for s in col.sources()}
    assert sources["kimberly-5290-employee-use-of-social-media"].policy_code == "5290"
    assert sum(s.clauses for s in sources.values()) == len(col.clauses())
    target = next(c for c in col.clauses() if "media opt-out list" in c.text)
    hits = col.dense_search(hash_embedder.encode([target.section.split(" › ")[-1] + " " + target.lead_in + " " + target.text])[0], 3)
    assert hits[0].clause_id == target.id and hits[0].similarity > 0.99
    assert name in store.collection_names()
    # collections are separate tenants
    assert store.collection(name + "-other").clauses() == []


def test_collection_names_are_validated():
    assert validate_collection_name("westada") == "westada"
    for bad in ("a", "bad name", "x--docs", "-lead"):
        with pytest.raises(ValueError):
            validate_collection_name(bad)


def test_write_path_contract(store, request):
    """Written clauses stay invisible until the switch; vectors come back as written; the recipe persists."""
    from knowledge.models import Clause

    name = f"w-{request.node.callspec.id}-{int(time.time() * 1000) % 100000}"
    col = store.collection(name)
    assert col.embedding_scheme == "" and col.manifest_entry("doc") is None
    clauses = [Clause(id=f"doc:{i}", doc_id="doc", document="Doc", section="S", locator=f"item {i}",
                      text=f"rule {i}", content_hash=f"h{i}", position=i) for i in range(7)]
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(7, 8)).astype(np.float32)
    text_vectors = rng.normal(size=(7, 8)).astype(np.float32)
    col.write_clauses(clauses[:4], vectors[:4], text_vectors[:4])
    col.write_clauses(clauses[4:], vectors[4:], text_vectors[4:])
    assert col.clauses() == []                                  # not switched yet
    col.switch_document(ManifestEntry(doc_id="doc", meta=DocumentMeta(title="Doc"), version="v1",
                                      clause_ids=tuple(c.id for c in clauses)))
    assert [c.id for c in col.clauses()] == [c.id for c in clauses]
    assert col.clause_hashes("doc") == {f"h{i}": f"doc:{i}" for i in range(7)}
    got, got_text = col.vectors(["doc:5", "doc:1"])
    assert np.allclose(got, vectors[[5, 1]], atol=1e-6) and np.allclose(got_text, text_vectors[[5, 1]], atol=1e-6)
    col.replace_vectors(["doc:1"], vectors[[0]], text_vectors[[0]])
    assert np.allclose(col.vectors(["doc:1"])[0], vectors[[0]], atol=1e-6)
    assert [c.text for c in col.clauses()][1] == "rule 1"       # text and metadata untouched
    col.set_embedding_scheme("recipe-x")
    assert col.embedding_scheme == "recipe-x"
    reopened = ChromaStore(store.settings).collection(name)            # a new client sees the recipe too
    assert reopened.embedding_scheme == "recipe-x" and reopened.manifest_entry("doc").version == "v1"


def test_sweep_reads_and_deletes_in_pages(settings, monkeypatch):
    from knowledge.models import Clause
    from knowledge.store import chroma_store

    monkeypatch.setattr(chroma_store, "_PAGE", 4)
    col = ChromaStore(settings).collection("paged")
    clauses = [Clause(id=f"doc:{i}", doc_id="doc", document="Doc", section="", locator=f"¶ {i}", text=f"t{i}",
                      content_hash=f"h{i}", position=i) for i in range(13)]
    vectors = np.eye(13, 16, dtype=np.float32) + 0.01
    col.put_document(ManifestEntry(doc_id="doc"), clauses=clauses[:10], vectors=vectors[:10],
                     text_vectors=vectors[:10])
    kept = clauses[8:13]                                        # two old clauses, three new
    col.put_document(ManifestEntry(doc_id="doc"), clauses=kept, vectors=vectors[8:13],
                     text_vectors=vectors[8:13])
    assert col._clauses.count() == col._texts.count() == 5
    assert sorted(c.id for c in col.clauses()) == sorted(c.id for c in kept)


def test_a_store_written_before_manifest_schemas_still_loads(settings, hash_embedder):
    """Manifest records as earlier versions wrote them (flat metadata, no schema number) read as typed entries,
    and a re-ingest of the same files recognises them as unchanged."""
    col = ChromaStore(settings).collection("legacy")
    ingest_paths(col, hash_embedder, [BUNDLED])
    before = col.sources()
    got = col._docs.get(include=["metadatas", "documents"])
    legacy = [{k: v for k, v in meta.items() if k != "manifest_schema"} for meta in got["metadatas"]]
    assert all("manifest_schema" in meta for meta in got["metadatas"])
    col._docs.delete(ids=got["ids"])                         # (an upsert would merge the old keys back in)
    col._docs.add(ids=got["ids"], embeddings=[[1.0]] * len(got["ids"]), metadatas=legacy, documents=got["documents"])
    reopened = ChromaStore(settings).collection("legacy")
    assert "manifest_schema" not in reopened._docs.get(ids=[got["ids"][0]], include=["metadatas"])["metadatas"][0]
    assert reopened.sources() == before and len(reopened.clauses()) == sum(s.clauses for s in before)
    again = ingest_paths(reopened, hash_embedder, [BUNDLED])
    assert again.embedded == 0 and all(d.unchanged and not d.added for d in again.documents)
