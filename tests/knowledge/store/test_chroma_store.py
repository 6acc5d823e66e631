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
