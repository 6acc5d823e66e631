"""botbuilder stays inside bot/teams/, so moving to the Microsoft 365 Agents SDK is one folder's work."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
IMPORT = re.compile(r"^\s*(from|import)\s+(botbuilder|botframework)\b", re.MULTILINE)


def test_no_botbuilder_import_outside_the_teams_adapter():
    offenders = []
    for folder in ("bot", "knowledge", "ingest"):
        for path in (ROOT / folder).rglob("*.py"):
            if (ROOT / "bot" / "teams") in path.parents:
                continue
            if IMPORT.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_scan_does_see_the_teams_adapter():
    assert IMPORT.search((ROOT / "bot" / "teams" / "server.py").read_text(encoding="utf-8"))
