"""`ChangeStore`: policy changes, the notices queued from them, and rulings put under review.

Same database as the escalation store (migration 0005). Everything that must happen once is keyed:
a change by (collection, document, change key), a notice by (change, platform, asker). Queueing again
finds the rows there and adds nothing, so a re-run (or two at once) never queues a second message.
Sending follows the inbox's pattern: a notice is claimed with a lease (a compare-and-set UPDATE), sent,
then marked sent; a sender that dies mid-send leaves a lease that runs out, and the next sender takes
it over. A notice that keeps failing is marked failed after `MAX_ATTEMPTS`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Sequence

import sqlalchemy as sa

from bot.application.changes.models import (FAILED, PENDING, SENDING, SENT, ChangeNotice, NoticeItem,
                                            PolicyChange)
from bot.application.escalations import rows
from bot.application.escalations.errors import InvalidInput, NotFound
from bot.application.escalations.filters import valid_id
from bot.application.escalations.models import ReplyAddress, RulingRecord
from bot.application.escalations.store import validate_answer_text
from bot.application.escalations.tables import (change_notices as N, escalations as E, inbox as I,
                                                policy_changes as P, questions as Q, rulings as R)
from knowledge.clause_changes import ClauseChange

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class LoggedAnswer:
    """A logged question with the citations its answer showed (clause id and words, as then)."""

    id: int
    asked_at: datetime
    platform: str
    tenant: str
    asker_id: str
    asker_name: str
    question: str
    citations: tuple[dict, ...]


@dataclass(frozen=True)
class NewNotice:
    platform: str
    asker_id: str
    asker_name: str
    reply_to: ReplyAddress
    items: tuple[NoticeItem, ...]


def change_key(changes: Sequence[ClauseChange]) -> str:
    """What identifies one change of a document: the clauses that left and came in, and their words."""
    body = json.dumps([c.to_dict() for c in changes], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _change(row) -> PolicyChange:
    return PolicyChange(id=row.id, collection=row.collection, doc_id=row.doc_id, title=row.title,
                        detected_at=rows.utc(row.detected_at),
                        changes=tuple(ClauseChange.from_dict(c) for c in (row.changes or [])),
                        notices_queued=row.notices_queued)


def _notice(row) -> ChangeNotice:
    return ChangeNotice(id=row.id, change_id=row.change_id, collection=row.collection, doc_id=row.doc_id,
                        title=row.title, platform=row.platform, asker_id=row.asker_id, asker_name=row.asker_name,
                        reply_to=ReplyAddress.from_dict(row.reply_to) or ReplyAddress(row.platform),
                        items=tuple(NoticeItem.from_dict(i) for i in (row.items or [])), status=row.status,
                        attempts=row.attempts, created_at=rows.utc(row.created_at), sent_at=rows.utc(row.sent_at),
                        last_error=row.last_error)


_NOTICE_COLUMNS = (N, P.c.collection, P.c.doc_id, P.c.title)


class ChangeStore:
    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = rows.now):
        self.engine = engine
        self._clock = clock

    # -- changes ---------------------------------------------------------------------
    def record_change(self, *, collection: str, doc_id: str, title: str,
                      changes: Sequence[ClauseChange]) -> tuple[PolicyChange, bool]:
        """Store one document's change; (the change, True) when new, (the stored one, False) when seen before."""
        key = change_key(changes)
        values = dict(collection=collection[:200], doc_id=doc_id[:500], title=title or "", change_key=key,
                      detected_at=self._clock(), changes=[c.to_dict() for c in changes], notices_queued=0)
        created = True
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(P).values(**values))
        except sa.exc.IntegrityError:
            created = False
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(P).where(P.c.collection == values["collection"],
                                                  P.c.doc_id == values["doc_id"], P.c.change_key == key)).one()
        return _change(row), created

    def get_change(self, change_id: int) -> PolicyChange:
        if not valid_id(change_id):
            raise NotFound(f"no policy change #{change_id}")
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(P).where(P.c.id == change_id)).first()
        if row is None:
            raise NotFound(f"no policy change #{change_id}")
        return _change(row)

    def list_changes(self, *, collection: str | None = None, limit: int = 200) -> list[PolicyChange]:
        query = sa.select(P).order_by(P.c.detected_at.desc(), P.c.id.desc()).limit(limit)
        if collection:
            query = query.where(P.c.collection == collection)
        with self.engine.connect() as conn:
            return [_change(r) for r in conn.execute(query)]

    # -- the answers a change makes stale --------------------------------------------
    def answers_citing(self, *, collection: str, doc_id: str, since: datetime | None) -> list[LoggedAnswer]:
        """Logged questions (text not purged, asked since `since`) whose answer cited a clause of `doc_id`."""
        marker = json.dumps(f"{doc_id}:")[:-1]          # '"doc:' as it appears in the JSON list of clause ids
        query = sa.select(Q).where(Q.c.collection == collection, Q.c.question != "",
                                   sa.cast(Q.c.clause_ids, sa.Text).contains(marker, autoescape=True))
        if since is not None:
            query = query.where(Q.c.asked_at >= rows.utc(since))
        out = []
        with self.engine.connect() as conn:
            for row in conn.execute(query.order_by(Q.c.asked_at, Q.c.id)):
                citations = tuple(c for c in ((row.bot_answer or {}).get("citations") or []) if isinstance(c, dict))
                out.append(LoggedAnswer(id=row.id, asked_at=rows.utc(row.asked_at), platform=row.platform,
                                        tenant=row.tenant, asker_id=row.asker_id, asker_name=row.asker_name,
                                        question=row.question, citations=citations))
        return out

    def reply_address(self, platform: str, question_ids: Sequence[int]) -> ReplyAddress | None:
        """Where the asker of these questions was last answered: the chat inbox's or an escalation's address."""
        ids = list(question_ids)
        with self.engine.connect() as conn:
            for table in (I, E):
                row = conn.execute(sa.select(table.c.reply_to).where(table.c.question_id.in_(ids),
                                                                     table.c.reply_to.is_not(None))
                                   .order_by(table.c.question_id.desc()).limit(1)).first()
                address = ReplyAddress.from_dict(row.reply_to) if row else None
                if address and address.platform == platform:
                    return address
        return None

    # -- notices ---------------------------------------------------------------------
    def queue_notices(self, change_id: int, notices: Sequence[NewNotice]) -> int:
        """Queue the notices of a change that are not queued yet; how many were added."""
        added = 0
        for notice in notices:
            values = dict(change_id=change_id, platform=notice.platform, asker_id=notice.asker_id[:200],
                          asker_name=notice.asker_name[:200], reply_to=notice.reply_to.to_dict(),
                          items=[i.to_dict() for i in notice.items], status=PENDING, attempts=0, lease_owner="",
                          created_at=self._clock(), last_error="")
            try:
                with self.engine.begin() as conn:
                    conn.execute(sa.insert(N).values(**values))
                added += 1
            except sa.exc.IntegrityError:
                pass        # this asker was already told about this change
        with self.engine.begin() as conn:
            count = sa.select(sa.func.count()).select_from(N).where(N.c.change_id == change_id).scalar_subquery()
            conn.execute(sa.update(P).where(P.c.id == change_id).values(notices_queued=count))
        return added

    def list_notices(self, *, change_id: int | None = None, status: str | None = None,
                     limit: int = 500) -> list[ChangeNotice]:
        query = sa.select(*_NOTICE_COLUMNS).join(P, P.c.id == N.c.change_id).order_by(N.c.created_at, N.c.id)
        if change_id is not None:
            query = query.where(N.c.change_id == change_id)
        if status:
            query = query.where(N.c.status == status)
        with self.engine.connect() as conn:
            return [_notice(r) for r in conn.execute(query.limit(limit))]

    def due_notices(self, platforms: Sequence[str], limit: int = 100) -> list[int]:
        """Notices for these platforms to send: pending, or being sent by someone whose lease ran out."""
        now = self._clock()
        query = (sa.select(N.c.id).where(N.c.platform.in_(list(platforms)), sa.or_(
            N.c.status == PENDING, sa.and_(N.c.status == SENDING, N.c.lease_until < now)))
                 .order_by(N.c.created_at, N.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(query)]

    def claim_notice(self, notice_id: int, *, owner: str, lease_seconds: float) -> ChangeNotice | None:
        now = self._clock()
        claimable = sa.or_(N.c.status == PENDING, sa.and_(N.c.status == SENDING, N.c.lease_until < now))
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(N).where(N.c.id == notice_id, claimable).values(
                status=SENDING, lease_owner=owner[:100], lease_until=now + timedelta(seconds=lease_seconds),
                attempts=N.c.attempts + 1))
            if done.rowcount != 1:
                return None
            return _notice(conn.execute(sa.select(*_NOTICE_COLUMNS).join(P, P.c.id == N.c.change_id)
                                        .where(N.c.id == notice_id)).one())

    def finish_notice(self, notice_id: int, *, owner: str, error: str = "") -> bool:
        """Mark a notice this owner holds sent (no error) or back to pending (failed after MAX_ATTEMPTS)."""
        held = [N.c.id == notice_id, N.c.status == SENDING, N.c.lease_owner == owner[:100]]
        if not error:
            values = dict(status=SENT, sent_at=self._clock(), lease_until=None, last_error="")
        else:
            values = dict(status=sa.case((N.c.attempts >= MAX_ATTEMPTS, FAILED), else_=PENDING),
                          lease_owner="", lease_until=None, last_error=error[:1000])
        with self.engine.begin() as conn:
            return conn.execute(sa.update(N).where(*held).values(**values)).rowcount == 1

    # -- rulings resting on changed clauses ------------------------------------------
    def rulings_citing(self, collection: str, doc_id: str) -> list[tuple[RulingRecord, tuple[dict, ...]]]:
        """Active rulings of the collection not yet under review, with the citations of the answer they ruled on."""
        query = (sa.select(R, E.c.bot_answer).join(E, E.c.id == R.c.escalation_id)
                 .where(R.c.collection == collection, R.c.active.is_(True), R.c.needs_review.is_(False)))
        out = []
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                citations = tuple(c for c in ((row.bot_answer or {}).get("citations") or []) if isinstance(c, dict)
                                  and str(c.get("clause_id", "")).startswith(f"{doc_id}:"))
                if citations:
                    out.append((rows.ruling(row), citations))
        return out

    def flag_rulings(self, ruling_ids: Sequence[int], change_id: int) -> int:
        if not ruling_ids:
            return 0
        with self.engine.begin() as conn:
            # A ruling an admin already confirmed after this very change is not put back under review.
            return conn.execute(sa.update(R).where(
                R.c.id.in_(list(ruling_ids)), R.c.needs_review.is_(False),
                sa.or_(R.c.review_change_id.is_(None), R.c.review_change_id != change_id))
                .values(needs_review=True, review_change_id=change_id)).rowcount

    def rulings_to_review(self) -> list[RulingRecord]:
        with self.engine.connect() as conn:
            return [rows.ruling(r) for r in conn.execute(
                sa.select(R).where(R.c.needs_review.is_(True), R.c.active.is_(True)).order_by(R.c.id))]

    def confirm_ruling(self, ruling_id: int, *, answer: str | None = None) -> RulingRecord:
        """An admin checked a ruling under review: shown to askers again, with `answer` as its new text if given."""
        if not valid_id(ruling_id):
            raise NotFound(f"no ruling #{ruling_id}")
        values: dict = {"needs_review": False}
        if answer is not None:
            values["answer"] = validate_answer_text(answer)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(R).where(R.c.id == ruling_id)).first()
            if row is None:
                raise NotFound(f"no ruling #{ruling_id}")
            if not row.needs_review:
                raise InvalidInput(f"ruling #{ruling_id} is not waiting for review")
            conn.execute(sa.update(R).where(R.c.id == ruling_id).values(**values))
            return rows.ruling(conn.execute(sa.select(R).where(R.c.id == ruling_id)).one())
