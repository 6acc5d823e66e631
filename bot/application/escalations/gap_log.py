"""The question log as the gaps report reads it, and the topics marked "policy requested".

Read-only queries over `questions`, `escalations` and `rulings` (the unanswered questions of a
period, every question's text for word rarity, the rulings given), and `RequestedTopics`, the
one table the gaps report writes. Bounds are whole UTC days, like the other reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterator, Sequence

import sqlalchemy as sa

from bot.application.escalations import rows
from bot.application.escalations.errors import InvalidInput, NotFound
from bot.application.escalations.filters import clean_filter, valid_id
from bot.application.escalations.models import RulingRecord
from bot.application.escalations.tables import (escalations as E, gap_topics as G, questions as Q,
                                                rulings as R)

NOT_COVERED = "not_covered"
MAX_TOPIC_NAME = 300


@dataclass(frozen=True)
class GapQuestion:
    """A question the bot could not answer (not covered, or escalated), with its escalation if any."""

    id: int
    asked_at: datetime
    question: str
    collection: str
    verdict: str
    asker: str                      # "platform:asker_id", only ever counted, never shown
    escalation_id: int | None
    escalation_status: str          # "" when not escalated
    ruling_id: int | None


@dataclass(frozen=True)
class RequestedTopic:
    id: int
    name: str
    encoder: str
    collection: str
    questions: int
    requested_by: str
    requested_at: datetime
    centroid: list[float] = field(repr=False)


def _window(column, since: date | datetime | None, until: date | datetime | None) -> list:
    where = []
    if since is not None:
        where.append(column >= rows.as_datetime(since))
    if until is not None:
        where.append(column <= rows.as_datetime(until, end_of_day=True))
    return where


def gap_questions(store, *, since: date | None = None, until: date | None = None,
                  collection: str | None = None, limit: int = 3000) -> tuple[list[GapQuestion], bool]:
    """The period's unanswered questions, oldest first (the newest `limit` of them), and whether more were left out.

    Questions whose text was purged by the retention policy have nothing to group and are skipped."""
    collection = clean_filter("collection", collection)
    where = [sa.or_(Q.c.verdict == NOT_COVERED, Q.c.escalated.is_(True)), Q.c.question != "",
             *_window(Q.c.asked_at, since, until)]
    if collection:
        where.append(Q.c.collection == collection)
    query = (sa.select(Q.c.id, Q.c.asked_at, Q.c.question, Q.c.collection, Q.c.verdict, Q.c.platform,
                       Q.c.asker_id, E.c.id.label("escalation_id"), E.c.status, E.c.ruling_id)
             .select_from(Q.outerjoin(E, E.c.question_id == Q.c.id)).where(*where)
             .order_by(Q.c.asked_at.desc(), Q.c.id.desc()).limit(limit + 1))
    with store.engine.connect() as conn:
        found = conn.execute(query).all()
    more = len(found) > limit
    items = [GapQuestion(id=r.id, asked_at=rows.utc(r.asked_at), question=r.question, collection=r.collection,
                         verdict=r.verdict, asker=f"{r.platform}:{r.asker_id}" if r.asker_id else "",
                         escalation_id=r.escalation_id, escalation_status=r.status or "", ruling_id=r.ruling_id)
             for r in found[:limit]]
    return items[::-1], more


def period_texts(store, *, since: date | None = None, until: date | None = None,
                 collection: str | None = None) -> Iterator[str]:
    """The text of every question of the period (answered or not), streamed."""
    collection = clean_filter("collection", collection)
    where = [Q.c.question != "", *_window(Q.c.asked_at, since, until)]
    if collection:
        where.append(Q.c.collection == collection)
    with store.engine.connect() as conn:
        for (text,) in conn.execution_options(yield_per=1000).execute(sa.select(Q.c.question).where(*where)):
            yield text


def rulings_by_id(store, ids: Sequence[int]) -> dict[int, RulingRecord]:
    wanted = sorted({i for i in ids if valid_id(i)})
    if not wanted:
        return {}
    with store.engine.connect() as conn:
        return {r.id: rows.ruling(r) for r in conn.execute(sa.select(R).where(R.c.id.in_(wanted)))}


def _requested(row) -> RequestedTopic:
    return RequestedTopic(id=row.id, name=row.name, centroid=[float(v) for v in row.centroid or []],
                          encoder=row.encoder, collection=row.collection, questions=row.questions,
                          requested_by=row.requested_by, requested_at=rows.utc(row.requested_at))


class RequestedTopics:
    """Topics an admin asked a policy for, newest first."""

    def __init__(self, store):
        self.engine: sa.Engine = store.engine

    def list(self) -> list[RequestedTopic]:
        with self.engine.connect() as conn:
            return [_requested(r) for r in conn.execute(sa.select(G).order_by(G.c.requested_at.desc(),
                                                                              G.c.id.desc()))]

    def add(self, *, name: str, centroid: Sequence[float], encoder: str, collection: str, questions: int,
            by: str) -> RequestedTopic:
        name = " ".join((name or "").split())[:MAX_TOPIC_NAME]
        if not name:
            raise InvalidInput("a topic needs a name")
        if not (by or "").strip():
            raise InvalidInput("who asked for the policy (`by`) is required")
        values = dict(name=name, centroid=[round(float(v), 6) for v in centroid], encoder=encoder[:200],
                      collection=(collection or "")[:200], questions=int(questions), requested_by=by[:200],
                      requested_at=rows.now())
        with self.engine.begin() as conn:
            new_id = conn.execute(sa.insert(G).values(**values).returning(G.c.id)).scalar_one()
            return _requested(conn.execute(sa.select(G).where(G.c.id == new_id)).one())

    def remove(self, topic_id: int) -> None:
        if not valid_id(topic_id):
            raise NotFound(f"no requested topic #{topic_id}")
        with self.engine.begin() as conn:
            if conn.execute(sa.delete(G).where(G.c.id == topic_id)).rowcount == 0:
                raise NotFound(f"no requested topic #{topic_id}")
