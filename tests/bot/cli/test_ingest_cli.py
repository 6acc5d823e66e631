"""`policybot ingest --dry-run`, `--org` and `sources --json` from the command line."""
from __future__ import annotations

import json
import subprocess
import sys

from bot.cli.main import main
from ingest.pipeline import ingest_paths
from bot.application.settings import load_settings
from knowledge.store.chroma_store import ChromaStore
from tests.conftest import ROOT

POLICY = "GBXX - Visitors\nSource: https://example.org/gbxx\n\nVisitors must sign in at the office.\n\nBadges\n\n" \
         "- Badges are worn at all times.\n- Badges are returned on leaving.\n\nAdopted: 2/2011\n"


def test_dry_run_shows_the_split_and_stores_nothing(tmp_path, capsys):
    path = tmp_path / "gbxx.txt"
    path.write_text(POLICY, encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "ingest", "--dry-run", "--org", "Example SD", str(path)]) == 0
    out = capsys.readouterr().out
    assert "gbxx: GBXX - Visitors  (code GBXX, org Example SD, adopted 2/2011, url https://example.org/gbxx)" in out
    assert "# Badges" in out and "[item 2] Badges are returned on leaving." in out
    assert "1 document(s), 3 clauses, 0 file(s) failed" in out
    assert not data.exists()                                       # no store opened


def test_dry_run_shows_each_clause_as_it_will_be_matched(tmp_path, capsys):
    from tests.conftest import FIXTURES

    assert main(["--data-dir", str(tmp_path / "data"), "ingest", "--dry-run",
                 str(FIXTURES / "shapes" / "staff-hours.md")]) == 0
    out = capsys.readouterr().out
    assert "1 table header rows" in out and "links" in out
    assert "[¶ 4] Day: Friday; Standard hours: 8; Compressed hours: Off" in out
    assert ("matched as: Schedule Staff work the hours below unless their supervisor agrees otherwise: Day: Friday;"
            in out)
    assert "[item 1] work overtime without written approval\n          matched as: Overtime You must not: work" in out
    assert "Back to top" not in out and "| Day |" not in out


def test_dry_run_loads_neither_the_model_nor_the_store(tmp_path):
    path = tmp_path / "gbxx.txt"
    path.write_text(POLICY, encoding="utf-8")
    code = ("import sys; from bot.cli.main import main; rc = main(['--data-dir', sys.argv[1], 'ingest', '--dry-run', "
            "sys.argv[2]]); print(rc, sorted(m for m in ('chromadb', 'onnxruntime', 'knowledge.embedder', 'torch') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data"), str(path)], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stderr


def test_dry_run_reports_a_bad_file_and_a_bad_org(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"")
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", "--dry-run", str(bad)]) == 1
    assert "the file is empty" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", "--dry-run", "--org", "a\x1b[31mb", str(bad)]) == 2
    assert "--org" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", "--dry-run", "--collection", "x\x1b]0;", str(bad)]) == 2
    assert "invalid collection name" in capsys.readouterr().err


def test_sources_json(tmp_path, capsys, hash_embedder):
    path = tmp_path / "gbxx.txt"
    path.write_text(POLICY, encoding="utf-8")
    data = tmp_path / "data"
    settings = load_settings(path=tmp_path / "none.yaml", env={}, data_dir=data)
    ingest_paths(ChromaStore(settings).collection("visitors"), hash_embedder, [path], organization="Example SD")
    assert main(["--data-dir", str(data), "sources", "--collection", "visitors", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["collection"] == "visitors"
    (doc,) = listing["documents"]
    assert {k: doc[k] for k in ("doc_id", "title", "code", "organization", "url", "adopted", "revised", "clauses")} == {
        "doc_id": "gbxx", "title": "GBXX - Visitors", "code": "GBXX", "organization": "Example SD",
        "url": "https://example.org/gbxx", "adopted": "2/2011", "revised": "", "clauses": 3}
    assert len(doc["content_hash"]) == 64
    # A public shape: these fields, in this order (a new document field may be added, none renamed or dropped).
    assert list(doc) == ["doc_id", "title", "code", "organization", "url", "adopted", "revised", "reviewed", "clauses",
                         "content_hash", "version", "path", "groups"]     # groups: added with staff groups
    assert doc["path"] == str(path) and len(doc["version"]) == 12 and doc["reviewed"] == ""
