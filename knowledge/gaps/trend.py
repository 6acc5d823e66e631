"""Questions per week over a period, for a topic's trend.

Weeks are ISO weeks (Monday to Sunday). Every week the period touches is present, with 0
where nothing was asked, so charts of different topics line up.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Iterable

__all__ = ["week_start", "period_weeks", "weekly_counts"]


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def period_weeks(since: date, until: date) -> list[date]:
    """The Mondays of every week from `since`'s to `until`'s, oldest first."""
    if until < since:
        return []
    first, last = week_start(since), week_start(until)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def weekly_counts(days: Iterable[date], since: date, until: date) -> list[tuple[date, int]]:
    """(Monday, how many of `days` fall in that week) for every week of the period."""
    counts = Counter(week_start(d) for d in days if since <= d <= until)
    return [(monday, counts[monday]) for monday in period_weeks(since, until)]
