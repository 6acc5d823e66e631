"""The period (and collection) a gaps report covers, checked as it comes in from a form or a command line."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.application.escalations import rows
from bot.application.escalations.errors import InvalidInput
from bot.application.escalations.filters import clean_filter

DEFAULT_DAYS = 90           # about a school term
MAX_DAYS = 731              # two years: beyond that a weekly trend stops being readable


@dataclass(frozen=True)
class Period:
    since: date
    until: date                 # inclusive
    collection: str | None      # None: every collection

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


def _day(name: str, value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = clean_filter(name, value, 40)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name} is not a date (YYYY-MM-DD): {text!r}") from None


def parse_period(since: str | date | None = None, until: str | date | None = None,
                 collection: str | None = None, *, today: date | None = None) -> Period:
    """A Period from outside values; InvalidInput saying what is wrong. Defaults: the last 90 days."""
    end = _day("until", until) or today or rows.now().date()
    start = _day("since", since) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise InvalidInput(f"since ({start.isoformat()}) is after until ({end.isoformat()})")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"the period is {(end - start).days + 1:,} days long; the limit is {MAX_DAYS} days")
    return Period(since=start, until=end, collection=clean_filter("collection", collection))
