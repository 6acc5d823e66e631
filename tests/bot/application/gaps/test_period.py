"""Periods from outside input: defaults, and clear errors for what cannot be a period."""
from __future__ import annotations

from datetime import date

import pytest

from bot.application.escalations.errors import InvalidInput
from bot.application.gaps.period import MAX_DAYS, parse_period


def test_defaults_are_the_ninety_days_up_to_today():
    period = parse_period(today=date(2026, 12, 5))
    assert (period.since, period.until, period.collection, period.days) == (date(2026, 9, 7), date(2026, 12, 5),
                                                                             None, 90)
    assert parse_period("2026-01-01", "2026-01-31", " kimberly ").collection == "kimberly"
    assert parse_period(until="2026-03-31").since == date(2026, 1, 1)


@pytest.mark.parametrize("since, until, collection, message", [
    ("2026-13-01", None, None, "since is not a date (YYYY-MM-DD): '2026-13-01'"),
    (None, "yesterday", None, "until is not a date"),
    ("2026-02-01", "2026-01-01", None, "since (2026-02-01) is after until (2026-01-01)"),
    ("2020-01-01", "2026-01-01", None, f"the limit is {MAX_DAYS} days"),
    ("2026-01-01\x00", None, None, "control character"),
    ("2026-01-01", None, "k" * 201, "collection is 201 characters long"),
    (None, None, "a\nb", "collection contains a control character"),
])
def test_bad_input_is_refused_with_a_message(since, until, collection, message):
    with pytest.raises(InvalidInput, match=None) as caught:
        parse_period(since, until, collection, today=date(2026, 12, 5))
    assert message in str(caught.value)
