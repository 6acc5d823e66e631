"""Read-only views over the question log for the admin UI and exports: the log and the stats.

Stats aggregate in Python over the requested window so the same code runs on
SQLite and PostgreSQL (no dialect-specific date functions).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from bot.application.escalations import rows
from bot.application.escalations.filters import MAX_SEARCH_CHARS, clean_filter
from bot.application.escalations.models import QuestionRecord
from bot.application.escalations.tables import escalations as E, questions as Q


@dataclass(frozen=True)
class Stats:
    days: int
    per_day: list[tuple[date, int]]             # every day of the window, oldest first
    questions: int
    escalated: int
    feedback: int                               # questions with a thumbs up/down
    helpful: int
    top_topics: list[tuple[str, int]] = field(default_factory=list)
    top_escalated_topics: list[tuple[str, int]] = field(default_factory=list)
    open_escalations: int = 0

    @property
    def escalation_rate(self) -> float | None:
        return self.escalated / self.questions if self.questions else None

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful / self.feedback if self.feedback else None


def list_questions(store, *, platform: str | None = None, collection: str | None = None,
                   since: datetime | date | None = None, until: datetime | date | None = None,
                   search: str | None = None, feedback: bool | None = None,
                   limit: int = 500) -> list[QuestionRecord]:
    """The question log, newest first."""
    platform = clean_filter("platform", platform)
    collection = clean_filter("collection", collection)
    search = clean_filter("search", search, MAX_SEARCH_CHARS)
    query = sa.select(Q)
    if platform:
        query = query.where(Q.c.platform == platform)
    if collection:
        query = query.where(Q.c.collection == collection)
    if since is not None:
        query = query.where(Q.c.asked_at >= rows.as_datetime(since))
    if until is not None:
        query = query.where(Q.c.asked_at <= rows.as_datetime(until, end_of_day=True))
    if search:
        query = query.where(sa.func.lower(Q.c.question).contains(search.strip().lower(), autoescape=True))
    if feedback is not None:
        query = query.where(Q.c.feedback.is_(feedback))
    query = query.order_by(Q.c.asked_at.desc(), Q.c.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [rows.question_record(r) for r in conn.execute(query)]


def stats(store, *, days: int = 30, today: date | None = None, top: int = 8) -> Stats:
    today = today or rows.now().date()
    start = today - timedelta(days=days - 1)
    query = (sa.select(Q.c.asked_at, Q.c.escalated, Q.c.feedback, Q.c.topic)
             .where(Q.c.asked_at >= rows.as_datetime(start)))
    per_day: Counter = Counter()
    topics: Counter = Counter()
    escalated_topics: Counter = Counter()
    escalated = feedback = helpful = 0
    with store.engine.connect() as conn:
        for asked_at, was_escalated, fb, topic in conn.execute(query):
            per_day[rows.utc(asked_at).date()] += 1
            label = topic or "(no clause cited)"
            topics[label] += 1
            if was_escalated:
                escalated += 1
                escalated_topics[label] += 1
            if fb is not None:
                feedback += 1
                helpful += bool(fb)
        open_count = conn.execute(sa.select(sa.func.count()).select_from(E)
                                  .where(E.c.status == "open")).scalar_one()
    window = [start + timedelta(days=i) for i in range(days)]
    return Stats(days=days, per_day=[(d, per_day[d]) for d in window], questions=sum(per_day.values()),
                 escalated=escalated, feedback=feedback, helpful=helpful,
                 top_topics=topics.most_common(top), top_escalated_topics=escalated_topics.most_common(top),
                 open_escalations=open_count)
