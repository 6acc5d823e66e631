"""The question log, escalation queue and admin rulings, in SQLite or PostgreSQL.

`EscalationStore.open(url)` migrates the database to the newest schema and is
safe to call from several processes. Every write is one short transaction.
Answering uses optimistic concurrency: the UPDATE only matches an escalation
that is still open (and, if given, still at `expected_version`), so when two
admins answer at once exactly one wins and the other gets `Conflict`.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from bot.application.escalations import rows
from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from bot.application.escalations.filters import MAX_SEARCH_CHARS, clean_filter, clean_version, valid_id
from bot.application.escalations.migrate import upgrade
from bot.application.escalations.models import (ANSWERED, DISMISSED, OPEN, RESOLVED, STATUSES, Escalation,
                                    QuestionRecord, ReplyAddress, RulingRecord)
from bot.application.escalations.tables import escalations as E, inbox as I, questions as Q, rulings as R
from knowledge.models import Answer, EscalationReason

MAX_ANSWER_CHARS = 20_000


def validate_answer_text(text: str) -> str:
    """The admin's answer, stripped; InvalidInput when empty or longer than 20,000 characters."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("the answer is empty")
    if "\x00" in text:
        raise InvalidInput("the answer contains a NUL character")
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidInput(f"the answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}")
    return text


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the writer, and with synchronous=NORMAL a commit costs no fsync of
    # its own while staying durable when a process is killed (only an OS crash may lose the last
    # commits). Chat bursts write one inbox row per question before the ack, so this keeps acks quick.
    try:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error:       # a read-only database cannot switch journals: it still reads fine
        pass


def _create_private(path: str) -> None:
    """A new database file is created owner-only (staff questions are personal data).

    An existing file keeps the permissions it has: an operator may have opened it to
    a group so that two service accounts share it.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _read_only_directory(engine: sa.Engine):
    """SQLite says "unable to open database file" both for a file it may not read and for a WAL database in a
    read-only directory (it cannot create the -shm file beside it). Tell the second apart, as read-only."""
    path = engine.url.database
    folder = os.path.dirname(os.path.abspath(path)) if path and path != ":memory:" else ""

    def explain(context) -> None:
        if folder and "unable to open database file" in str(context.original_exception):
            try:
                read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
            except OSError:
                return
            if read_only:
                raise OSError(errno.EROFS, "read-only file system", folder) from context.original_exception
    return explain


def create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once with "database is locked".
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "handle_error", _read_only_directory(engine))
        return engine
    # A server that does not answer (a dropped packet, not a refusal) must fail, not hang.
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


class EscalationStore:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> "EscalationStore":
        """Connect to `url` (sqlite:///... or postgresql+psycopg://...) and migrate to head."""
        engine = create_engine(url)
        path = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        if path and path != ":memory:":
            _create_private(path)
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- question log ------------------------------------------------------------------
    def record_question(self, *, platform: str, question: str, answer: Answer, latency_ms: float,
                        collection: str, tenant: str = "", channel: str = "", asker_id: str = "",
                        asker_name: str = "") -> QuestionRecord:
        bot_answer = answer.to_dict()
        values = dict(
            asked_at=rows.now(), platform=platform, tenant=tenant, channel=channel,
            asker_id=asker_id, asker_name=asker_name, question=question, collection=collection,
            verdict=answer.verdict.value, escalated=bool(answer.escalate),
            clause_ids=[c.clause_id for c in answer.citations], topic=rows.topic_of(bot_answer),
            latency_ms=float(latency_ms), feedback=None, bot_answer=bot_answer,
        )
        with self.engine.begin() as conn:
            new_id = conn.execute(sa.insert(Q).values(**values).returning(Q.c.id)).scalar_one()
            return rows.question_record(conn.execute(sa.select(Q).where(Q.c.id == new_id)).one())

    def get_question(self, question_id: int) -> QuestionRecord:
        if not valid_id(question_id):
            raise NotFound(f"no question #{question_id}")
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(Q).where(Q.c.id == question_id)).first()
        if row is None:
            raise NotFound(f"no question #{question_id}")
        return rows.question_record(row)

    def set_feedback(self, question_id: int, helpful: bool) -> None:
        if not valid_id(question_id):
            raise NotFound(f"no question #{question_id}")
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(Q).where(Q.c.id == question_id).values(feedback=bool(helpful)))
            if done.rowcount == 0:
                raise NotFound(f"no question #{question_id}")

    def recent_questions(self, *, platform: str, asker_id: str, limit: int = 5) -> list[QuestionRecord]:
        query = (sa.select(Q).where(Q.c.platform == platform, Q.c.asker_id == asker_id)
                 .order_by(Q.c.asked_at.desc(), Q.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [rows.question_record(r) for r in conn.execute(query)]

    def purge_question_text(self, older_than_days: int) -> int:
        """Blank the text of questions asked more than N days ago; rows and counts stay.

        Escalations that are still open keep their text (an admin still has to read
        it); rulings are admin-written and kept. Returns the number of questions blanked.
        """
        if not 0 <= older_than_days <= 36_500:
            raise InvalidInput("older_than_days must be between 0 and 36500")
        cutoff = rows.now() - timedelta(days=older_than_days)
        with self.engine.begin() as conn:
            open_ids = sa.select(E.c.question_id).where(E.c.status == OPEN)
            old = conn.execute(sa.select(Q.c.id, Q.c.bot_answer).where(
                Q.c.asked_at < cutoff, Q.c.question != "", Q.c.id.not_in(open_ids))).all()
            for qid, bot_answer in old:
                conn.execute(sa.update(Q).where(Q.c.id == qid).values(
                    question="", bot_answer={**(bot_answer or {}), "question": ""}))
                for eid, esc_answer in conn.execute(sa.select(E.c.id, E.c.bot_answer).where(E.c.question_id == qid)):
                    conn.execute(sa.update(E).where(E.c.id == eid).values(
                        question="", bot_answer={**(esc_answer or {}), "question": ""}))
            # The chat inbox keeps each question as received; once handled, its text goes too (the row
            # stays: its key still stops a late redelivery from being answered again).
            conn.execute(sa.update(I).where(I.c.received_at < cutoff, I.c.status.in_(("done", "expired")),
                                            I.c.text != "").values(text=""))
        return len(old)

    # -- escalations -------------------------------------------------------------------
    def escalate(self, question_id: int, *, reason: EscalationReason | None, reply_to: ReplyAddress | None,
                 permalink: str = "") -> Escalation:
        """Open an escalation for a logged question; idempotent per question. The reason is stored as its code."""
        if not valid_id(question_id):
            raise NotFound(f"no question #{question_id}")
        try:
            with self.engine.begin() as conn:
                existing = conn.execute(sa.select(E).where(E.c.question_id == question_id)).first()
                if existing is not None:
                    return rows.escalation(existing)
                q = conn.execute(sa.select(Q).where(Q.c.id == question_id)).first()
                if q is None:
                    raise NotFound(f"no question #{question_id}")
                conn.execute(sa.insert(E).values(
                    question_id=question_id, question=q.question, platform=q.platform,
                    tenant=q.tenant, channel=q.channel, asker_id=q.asker_id,
                    asker_name=q.asker_name, collection=q.collection, reason=EscalationReason(reason).value if reason else "",
                    status=OPEN, created_at=rows.now(), bot_answer=q.bot_answer,
                    reply_to=reply_to.to_dict() if reply_to else None, permalink=permalink or "",
                    admin_message={}, version=1))
                conn.execute(sa.update(Q).where(Q.c.id == question_id).values(escalated=True))
        except sa.exc.IntegrityError:
            pass    # escalated concurrently by another process (unique question_id): return theirs
        with self.engine.connect() as conn:
            return rows.escalation(conn.execute(sa.select(E).where(E.c.question_id == question_id)).one())

    def count_escalations(self, *, platform: str, asker_id: str, since: datetime) -> int:
        """How many escalations this asker opened since `since` (for the per-asker hourly limit)."""
        query = sa.select(sa.func.count()).select_from(E).where(
            E.c.platform == platform, E.c.asker_id == asker_id, E.c.created_at >= rows.utc(since))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def ping(self) -> None:
        """Raises when the database cannot be reached (readiness checks)."""
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def get(self, escalation_id: int) -> Escalation:
        if not valid_id(escalation_id):
            raise NotFound(f"no escalation #{escalation_id}")
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(E).where(E.c.id == escalation_id)).first()
        if row is None:
            raise NotFound(f"no escalation #{escalation_id}")
        return rows.escalation(row)

    def set_permalink(self, escalation_id: int, link: str) -> Escalation:
        with self.engine.begin() as conn:
            conn.execute(sa.update(E).where(E.c.id == escalation_id).values(permalink=link or ""))
            return rows.escalation(conn.execute(sa.select(E).where(E.c.id == escalation_id)).one())

    def set_admin_message(self, escalation_id: int, data: dict) -> None:
        if not valid_id(escalation_id):
            raise NotFound(f"no escalation #{escalation_id}")
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(E).where(E.c.id == escalation_id).values(admin_message=dict(data)))
            if done.rowcount == 0:
                raise NotFound(f"no escalation #{escalation_id}")

    def answer(self, escalation_id: int, *, by: str, text: str, save_as_ruling: bool = False,
               expected_version: int | None = None) -> Escalation:
        text = validate_answer_text(text)
        if not (by or "").strip():
            raise InvalidInput("who answered (`by`) is required")
        stamp = rows.now()
        with self.engine.begin() as conn:
            self._transition(conn, escalation_id, (OPEN,), expected_version,
                             status=ANSWERED, answered_by=by, answer=text, answered_at=stamp)
            if save_as_ruling:
                esc = conn.execute(sa.select(E).where(E.c.id == escalation_id)).one()
                ruling_id = conn.execute(sa.insert(R).values(
                    question=esc.question, answer=text, answered_by=by, answered_at=stamp,
                    collection=esc.collection, escalation_id=escalation_id, active=True,
                ).returning(R.c.id)).scalar_one()
                conn.execute(sa.update(E).where(E.c.id == escalation_id).values(ruling_id=ruling_id))
            return rows.escalation(conn.execute(sa.select(E).where(E.c.id == escalation_id)).one())

    def resolve(self, escalation_id: int, *, by: str, expected_version: int | None = None) -> Escalation:
        return self._close(escalation_id, RESOLVED, by, expected_version)

    def dismiss(self, escalation_id: int, *, by: str, expected_version: int | None = None) -> Escalation:
        return self._close(escalation_id, DISMISSED, by, expected_version)

    def _close(self, escalation_id: int, status: str, by: str, expected_version: int | None) -> Escalation:
        with self.engine.begin() as conn:
            self._transition(conn, escalation_id, (OPEN, ANSWERED), expected_version,
                             status=status, resolved_by=by or "", resolved_at=rows.now())
            return rows.escalation(conn.execute(sa.select(E).where(E.c.id == escalation_id)).one())

    @staticmethod
    def _transition(conn: sa.Connection, escalation_id: int, from_statuses: tuple[str, ...],
                    expected_version: int | None, **values) -> None:
        """Compare-and-set: change the row only if its status (and version) still allow it."""
        if not valid_id(escalation_id):
            raise NotFound(f"no escalation #{escalation_id}")
        clean_version(expected_version)
        where = [E.c.id == escalation_id, E.c.status.in_(from_statuses)]
        if expected_version is not None:
            where.append(E.c.version == expected_version)
        done = conn.execute(sa.update(E).where(*where).values(version=E.c.version + 1, **values))
        if done.rowcount == 1:
            return
        current = conn.execute(sa.select(E.c.status, E.c.version, E.c.answered_by)
                               .where(E.c.id == escalation_id)).first()
        if current is None:
            raise NotFound(f"no escalation #{escalation_id}")
        if current.status not in from_statuses:
            who = f" by {current.answered_by}" if current.answered_by else ""
            raise Conflict(f"escalation #{escalation_id} is already {current.status}{who}")
        raise Conflict(f"escalation #{escalation_id} changed (version {current.version}, "
                       f"expected {expected_version}); reload it")

    def list_escalations(self, *, status: str | None = None, platform: str | None = None,
                         collection: str | None = None, since: datetime | date | None = None,
                         until: datetime | date | None = None, search: str | None = None,
                         limit: int = 200) -> list[Escalation]:
        """Open ones first, oldest first within each group."""
        if status and status not in STATUSES:
            raise InvalidInput(f"unknown status {status[:40]!r}; one of {', '.join(STATUSES)}")
        platform = clean_filter("platform", platform)
        collection = clean_filter("collection", collection)
        search = clean_filter("search", search, MAX_SEARCH_CHARS)
        if not 1 <= limit <= 1_000_000:
            raise InvalidInput("limit must be between 1 and 1000000")
        query = sa.select(E)
        if status:
            query = query.where(E.c.status == status)
        if platform:
            query = query.where(E.c.platform == platform)
        if collection:
            query = query.where(E.c.collection == collection)
        if since is not None:
            query = query.where(E.c.created_at >= rows.as_datetime(since))
        if until is not None:
            query = query.where(E.c.created_at <= rows.as_datetime(until, end_of_day=True))
        if search:
            needle = search.strip().lower()
            query = query.where(sa.or_(sa.func.lower(E.c.question).contains(needle, autoescape=True),
                                       sa.func.lower(E.c.answer).contains(needle, autoescape=True),
                                       sa.func.lower(E.c.asker_name).contains(needle, autoescape=True)))
        query = query.order_by(sa.case((E.c.status == OPEN, 0), else_=1), E.c.created_at, E.c.id)
        with self.engine.connect() as conn:
            return [rows.escalation(r) for r in conn.execute(query.limit(limit))]

    # -- rulings -----------------------------------------------------------------------
    def active_rulings(self, collection: str) -> list[RulingRecord]:
        """The rulings shown to askers: active, and not waiting for review after a policy change."""
        query = (sa.select(R).where(R.c.collection == collection, R.c.active.is_(True), R.c.needs_review.is_(False))
                 .order_by(R.c.answered_at.desc(), R.c.id.desc()))
        with self.engine.connect() as conn:
            return [rows.ruling(r) for r in conn.execute(query)]

    def list_rulings(self, *, collection: str | None = None, include_retired: bool = True) -> list[RulingRecord]:
        query = sa.select(R).order_by(R.c.active.desc(), R.c.answered_at.desc(), R.c.id.desc())
        if collection:
            query = query.where(R.c.collection == collection)
        if not include_retired:
            query = query.where(R.c.active.is_(True))
        with self.engine.connect() as conn:
            return [rows.ruling(r) for r in conn.execute(query)]

    def retire_ruling(self, ruling_id: int) -> None:
        if not valid_id(ruling_id):
            raise NotFound(f"no ruling #{ruling_id}")
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(R).where(R.c.id == ruling_id).values(active=False))
            if done.rowcount == 0:
                raise NotFound(f"no ruling #{ruling_id}")
