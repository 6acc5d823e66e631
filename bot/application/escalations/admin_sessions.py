"""Server-side sessions of the admin web UI, kept in the escalation database.

The browser's cookie holds only a random 256-bit id; the row is keyed by the id's
SHA-256, so reading the database (or a backup of it) does not yield live sessions.
A session ends at logout, `idle_seconds` after its last request, `max_seconds` after
login, and when its user's password changes or the account is removed
(`end_user_sessions`, which AdminAccounts calls in the same transaction).
"""
from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass, field

import sqlalchemy as sa

from bot.application.escalations.tables import admin_sessions as S

# last_seen is rewritten at most this often, so browsing does not mean a write per page.
TOUCH_EVERY = 30.0
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{40,64}$")


@dataclass
class SessionRecord:
    username: str
    data: dict = field(default_factory=dict)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def end_user_sessions(conn: sa.Connection, username: str) -> int:
    """Delete every session of `username` (inside the caller's transaction)."""
    return conn.execute(sa.delete(S).where(S.c.username == username)).rowcount


class AdminSessions:
    def __init__(self, store, *, idle_seconds: float, max_seconds: float, clock=time.time):
        self.engine: sa.Engine = store.engine
        self.idle_seconds = float(idle_seconds)
        self.max_seconds = float(max_seconds)
        self.clock = clock

    def create(self, username: str, data: dict) -> str:
        """A new session for `username`; returns the id for the cookie (never stored as such)."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as conn:
            self._purge_expired(conn, now)
            conn.execute(sa.insert(S).values(id_hash=_hash(session_id), username=username, created_at=now,
                                             last_seen=now, data=dict(data)))
        return session_id

    def load(self, session_id: str | None) -> SessionRecord | None:
        """The live session with this id, or None (unknown, malformed, expired: an expired one is deleted)."""
        if not session_id or not _SESSION_ID.fullmatch(session_id):
            return None
        key, now = _hash(session_id), self.clock()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(S).where(S.c.id_hash == key)).first()
        if row is None:
            return None
        if now - row.last_seen > self.idle_seconds or now - row.created_at > self.max_seconds:
            self.end(session_id)
            return None
        if now - row.last_seen > TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(sa.update(S).where(S.c.id_hash == key).values(last_seen=now))
        return SessionRecord(username=row.username, data=dict(row.data or {}))

    def save(self, session_id: str, data: dict) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.update(S).where(S.c.id_hash == _hash(session_id)).values(data=dict(data)))

    def end(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(S).where(S.c.id_hash == _hash(session_id)))

    def end_all(self, username: str) -> int:
        with self.engine.begin() as conn:
            return end_user_sessions(conn, username)

    def count(self, username: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(S).where(S.c.username == username)).scalar_one()

    def _purge_expired(self, conn: sa.Connection, now: float) -> None:
        conn.execute(sa.delete(S).where(sa.or_(S.c.last_seen < now - self.idle_seconds,
                                               S.c.created_at < now - self.max_seconds)))
