"""Weekly counts cover every ISO week of the period, Monday first."""
from __future__ import annotations

from datetime import date

from knowledge.gaps.trend import period_weeks, week_start, weekly_counts


def test_weeks_start_on_monday_and_cover_the_period():
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)       # a Sunday
    assert period_weeks(date(2026, 11, 4), date(2026, 11, 30)) == [
        date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    assert period_weeks(date(2026, 12, 2), date(2026, 12, 1)) == []


def test_counts_per_week_with_empty_weeks_and_outside_days_left_out():
    days = [date(2026, 11, 2), date(2026, 11, 8), date(2026, 11, 20), date(2026, 10, 1), date(2026, 12, 25)]
    assert weekly_counts(days, date(2026, 11, 1), date(2026, 11, 22)) == [
        (date(2026, 10, 26), 0), (date(2026, 11, 2), 2), (date(2026, 11, 9), 0), (date(2026, 11, 16), 1)]
