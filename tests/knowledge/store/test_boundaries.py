"""Chroma stays in its room: only knowledge/store/ imports chromadb or the Chroma adapter, and only the
application's wiring (engine.py, wiring.py) chooses it. Ingest and retrieval know the store port alone."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CHROMADB = re.compile(r"^\s*(from|import)\s+chromadb\b", re.MULTILINE)
ADAPTER = re.compile(r"^\s*(from|import)\s+knowledge\.store(\.chroma_store\b|\s+import\s+.*\bchroma_store\b)",
                     re.MULTILINE)
WIRING = {ROOT / "bot" / "application" / "engine.py", ROOT / "bot" / "application" / "wiring.py"}


def _offenders(pattern: re.Pattern, allowed) -> list[str]:
    out = []
    for folder in ("bot", "knowledge", "ingest"):
        for path in (ROOT / folder).rglob("*.py"):
            if (ROOT / "knowledge" / "store") in path.parents or path in allowed:
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                out.append(str(path.relative_to(ROOT)))
    return out


def test_no_chromadb_import_outside_the_store_adapters():
    assert _offenders(CHROMADB, set()) == []


def test_only_the_wiring_picks_the_chroma_adapter():
    assert _offenders(ADAPTER, WIRING) == []


def test_the_scans_do_see_the_adapter_and_its_wiring():
    assert CHROMADB.search((ROOT / "knowledge" / "store" / "chroma_store.py").read_text(encoding="utf-8"))
    assert ADAPTER.search((ROOT / "bot" / "application" / "engine.py").read_text(encoding="utf-8"))
    assert ADAPTER.search("from knowledge.store.chroma_store import ChromaCollection\n")
    assert ADAPTER.search("from knowledge.store import names, chroma_store\n")
    assert not ADAPTER.search("from knowledge.store.names import validate_collection_name\n")
