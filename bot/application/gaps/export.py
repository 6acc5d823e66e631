"""The gaps report as CSV, one row per topic (the CLI's `--csv` and the admin UI's download).

No asker names or ids. Cells that a spreadsheet would run as a formula are guarded like
every other export (bot/application/escalations/export.py).
"""
from __future__ import annotations

import csv
from typing import TextIO

from bot.application.escalations.export import csv_cell
from bot.application.gaps.report import GapReport

CSV_COLUMNS = ["topic", "questions", "askers", "escalated", "open_escalations", "collections", "first_asked",
               "last_asked", "weekly", "examples", "rulings", "policy_requested"]


def one_line(text: str, limit: int = 100) -> str:
    """`text` on one line (control characters, terminal escapes included, become spaces), cut to `limit`."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_gaps_csv(report: GapReport, out: TextIO) -> int:
    """Write one row per topic; returns the number of topics."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for t in report.topics:
        writer.writerow([csv_cell(v) for v in (
            t.name, t.questions, t.askers, t.escalated, t.open_escalations, " ".join(t.collections),
            t.first_asked, t.last_asked, " ".join(f"{d.isoformat()}:{c}" for d, c in t.weekly),
            " | ".join(one_line(e.question, 500) for e in t.examples),
            " | ".join(f"#{r.id}{'' if r.active else ' (retired)'}: {one_line(r.answer, 500)}" for r in t.rulings),
            bool(t.requested))])
    return len(report.topics)
