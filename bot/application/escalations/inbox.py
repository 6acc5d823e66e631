"""The durable inbox: chat questions stored before they are acknowledged, answered by workers.

Every Slack event, slash command and Teams activity that carries a question is written here
first, keyed by the platform's own id for the delivery (unique per platform). A second delivery
of the same key (a Slack retry, a DM that also arrives as a mention, a replica receiving the
same event) finds the key taken and is dropped: this is the dedupe every replica shares.

An item moves pending -> working (claimed with a lease by one worker) -> done | expired. A worker
that dies leaves its item `working` with a lease that runs out; any replica's poller then claims
it again, so an acknowledged question is never lost. Claims are compare-and-set UPDATEs, so two
workers never both hold one item.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

import sqlalchemy as sa

from bot.application.escalations import rows
from bot.application.escalations.models import ReplyAddress
from bot.application.escalations.tables import inbox as I

PENDING, WORKING, DONE, EXPIRED = "pending", "working", "done", "expired"
MAX_KEY = 255


@dataclass(frozen=True)
class InboxItem:
    id: int
    platform: str
    event_key: str
    received_at: datetime
    status: str
    attempts: int               # claims so far, this one included
    tenant: str
    channel: str
    asker_id: str
    asker_name: str
    text: str                   # cleaned and capped
    length: int                 # characters as received, before the cap
    reply_to: ReplyAddress
    question_id: int | None


def event_key(raw: str) -> str:
    """The stored key: the platform's id itself, or its SHA-256 when too long for the column."""
    if len(raw) <= MAX_KEY:
        return raw
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def unstored_item(*, platform: str, key: str, text: str, reply_to: ReplyAddress, received_at: datetime,
                  tenant: str = "", channel: str = "", asker_id: str = "", asker_name: str = "",
                  length: int = 0) -> InboxItem:
    """The item `receive` would have stored, for answering when the database refused it (id 0)."""
    return InboxItem(id=0, platform=platform, event_key=event_key(key), received_at=received_at, status=WORKING,
                     attempts=1, tenant=tenant, channel=channel, asker_id=asker_id, asker_name=asker_name,
                     text=text, length=max(length, len(text)), reply_to=reply_to, question_id=None)


def _item(row) -> InboxItem:
    return InboxItem(
        id=row.id, platform=row.platform, event_key=row.event_key, received_at=rows.utc(row.received_at),
        status=row.status, attempts=row.attempts, tenant=row.tenant, channel=row.channel,
        asker_id=row.asker_id, asker_name=row.asker_name, text=row.text, length=row.length,
        reply_to=ReplyAddress.from_dict(row.reply_to) or ReplyAddress(row.platform), question_id=row.question_id)


class Inbox:
    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = rows.now):
        self.engine = engine
        self._clock = clock

    def receive(self, *, platform: str, key: str, text: str, reply_to: ReplyAddress, tenant: str = "",
                channel: str = "", asker_id: str = "", asker_name: str = "", length: int = 0) -> int | None:
        """Store a question; its id, or None when this key was received before (a duplicate)."""
        values = dict(platform=platform, event_key=event_key(key), received_at=self._clock(), status=PENDING,
                      attempts=0, lease_owner="", tenant=tenant[:200], channel=channel[:200],
                      asker_id=asker_id[:200], asker_name=asker_name[:200], text=text, length=max(length, len(text)),
                      reply_to=reply_to.to_dict())
        try:
            with self.engine.begin() as conn:
                return conn.execute(sa.insert(I).values(**values).returning(I.c.id)).scalar_one()
        except sa.exc.IntegrityError:
            return None

    def seen(self, platform: str, key: str) -> bool:
        query = sa.select(I.c.id).where(I.c.platform == platform, I.c.event_key == event_key(key))
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def get(self, item_id: int) -> InboxItem:
        with self.engine.connect() as conn:
            return _item(conn.execute(sa.select(I).where(I.c.id == item_id)).one())

    def claim(self, item_id: int, *, owner: str, lease_seconds: float) -> InboxItem | None:
        """Take the item if it is pending or its lease ran out; None if someone else holds or finished it."""
        now = self._clock()
        claimable = sa.or_(I.c.status == PENDING, sa.and_(I.c.status == WORKING, I.c.lease_until < now))
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(I).where(I.c.id == item_id, claimable).values(
                status=WORKING, lease_owner=owner[:100], lease_until=now + timedelta(seconds=lease_seconds),
                attempts=I.c.attempts + 1))
            if done.rowcount != 1:
                return None
            return _item(conn.execute(sa.select(I).where(I.c.id == item_id)).one())

    def finish(self, item_id: int, *, owner: str, status: str = DONE, question_id: int | None = None) -> bool:
        """Close an item this owner holds; False when the lease was lost to another worker meanwhile."""
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(I).where(
                I.c.id == item_id, I.c.status == WORKING, I.c.lease_owner == owner[:100]).values(
                status=status, finished_at=self._clock(), lease_until=None, question_id=question_id))
            return done.rowcount == 1

    def release(self, item_id: int, *, owner: str, count_attempt: bool = False) -> bool:
        """Hand back an item `owner` holds (pending again, at once claimable by anyone); False if not held.

        A graceful stop hands back what it could not finish, and that claim does not count as an attempt;
        a crashed predecessor's claim does (`count_attempt`), so a question that kills its worker still expires.
        """
        values = dict(status=PENDING, lease_owner="", lease_until=None)
        if not count_attempt:
            values["attempts"] = sa.case((I.c.attempts > 0, I.c.attempts - 1), else_=0)
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(I).where(
                I.c.id == item_id, I.c.status == WORKING, I.c.lease_owner == owner[:100]).values(**values))
            return done.rowcount == 1

    def held_by_instance(self, instance: str) -> list[tuple[int, str]]:
        """(id, lease owner) of the items being answered under this instance name (`instance:pid:nonce`)."""
        prefix = f"{instance}:"
        query = sa.select(I.c.id, I.c.lease_owner).where(I.c.status == WORKING).order_by(I.c.received_at, I.c.id)
        with self.engine.connect() as conn:
            # Few items are ever `working` at once; the prefix is compared here, so no LIKE escaping is needed.
            return [(r.id, r.lease_owner) for r in conn.execute(query) if r.lease_owner.startswith(prefix)]

    def due(self, *, unclaimed_for: float, limit: int = 100) -> list[int]:
        """Items nobody is answering: pending for `unclaimed_for` seconds, or working with a lapsed lease."""
        now = self._clock()
        query = (sa.select(I.c.id).where(sa.or_(
            sa.and_(I.c.status == PENDING, I.c.received_at <= now - timedelta(seconds=unclaimed_for)),
            sa.and_(I.c.status == WORKING, I.c.lease_until < now)))
            .order_by(I.c.received_at, I.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """Items per status (for health checks and tests)."""
        with self.engine.connect() as conn:
            return {s: n for s, n in conn.execute(sa.select(I.c.status, sa.func.count()).group_by(I.c.status))}
