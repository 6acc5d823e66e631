"""CSV exports of the question log and the escalation queue (CLI and admin UI share them).

Cells that a spreadsheet would run as a formula (starting with = + - @ or a
tab/CR) are prefixed with an apostrophe: staff-typed questions are untrusted.
"""
from __future__ import annotations

import csv
from typing import Iterable, TextIO

from bot.application.escalations import reports

QUESTION_COLUMNS = ["id", "asked_at", "platform", "tenant", "channel", "asker_id", "asker_name",
                    "collection", "question", "verdict", "escalated", "topic", "clause_ids",
                    "latency_ms", "feedback"]
ESCALATION_COLUMNS = ["id", "question_id", "created_at", "status", "platform", "tenant", "channel",
                      "asker_id", "asker_name", "collection", "question", "reason", "answer",
                      "answered_by", "answered_at", "resolved_by", "resolved_at", "ruling_id", "permalink"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = " ".join(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _write(out: TextIO, columns: list[str], records: Iterable) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([_cell(getattr(record, c)) for c in columns])
        count += 1
    return count


def write_questions_csv(store, out: TextIO, **filters) -> int:
    """Write the question log (newest first); returns the number of rows."""
    return _write(out, QUESTION_COLUMNS, reports.list_questions(store, limit=1_000_000, **filters))


def write_escalations_csv(store, out: TextIO, **filters) -> int:
    return _write(out, ESCALATION_COLUMNS, store.list_escalations(limit=1_000_000, **filters))


csv_cell = _cell        # for the other CSV writers (bot/cli/gaps.py): every export guards its cells alike
