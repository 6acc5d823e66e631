"""The gaps CSV: one row per topic, hostile cells made inert, no askers."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import numpy as np

from bot.application.gaps.export import CSV_COLUMNS, one_line, write_gaps_csv
from bot.application.gaps.period import parse_period
from bot.application.gaps.report import GapReport, GapTopic, TopicExample, TopicRuling

WHEN = datetime(2026, 11, 3, 12, tzinfo=timezone.utc)


def _report() -> GapReport:
    example = TopicExample(question_id=7, question="=cmd|' /C calc'!A0\nCan I bring my dog?", asked_at=WHEN,
                           collection="kimberly", escalation_id=3, escalation_status="open")
    ruling = TopicRuling(id=2, question="q", answer="+1 only on Fridays", answered_at=WHEN, active=False,
                         escalation_id=3)
    topic = GapTopic(anchor=7, name="dog · school", words=("dog", "school"), questions=2, askers=2, escalated=1,
                     open_escalations=1, collections=("kimberly",), first_asked=WHEN, last_asked=WHEN,
                     weekly=[(date(2026, 11, 2), 2)], examples=[example], rulings=[ruling], requested=None,
                     question_ids=(7, 8), centroid=np.zeros(3, np.float32))
    return GapReport(period=parse_period("2026-11-02", "2026-11-08"), asked=5, unanswered=2, truncated=False,
                     topics=[topic], single=0, weekly=[(date(2026, 11, 2), 2)], requested_elsewhere=[])


def test_one_row_per_topic_with_formulas_made_inert():
    out = io.StringIO()
    assert write_gaps_csv(_report(), out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == CSV_COLUMNS and len(rows) == 2
    row = dict(zip(CSV_COLUMNS, rows[1]))
    assert row["examples"] == "'=cmd|' /C calc'!A0 Can I bring my dog?"
    assert row["rulings"] == "#2 (retired): +1 only on Fridays"
    assert row["weekly"] == "2026-11-02:2" and row["policy_requested"] == "no"
    assert row["first_asked"] == "2026-11-03T12:00:00+00:00"


def test_one_line_removes_control_characters_and_cuts():
    assert one_line("a\x1b[2J\tb\r\nc") == "a [2J b c"
    assert one_line("x" * 150, 10) == "x" * 9 + "…"
