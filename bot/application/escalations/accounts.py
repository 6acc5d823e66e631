"""Accounts of the admin web UI, kept in the escalation database, passwords hashed with argon2.

Verification costs the same whether or not the user exists (a dummy hash is
checked), so response time does not reveal which usernames are real. Changing a
password or removing an account ends every admin session of that user.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.application.escalations import rows
from bot.application.escalations.admin_sessions import end_user_sessions
from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from bot.application.escalations.models import AdminUser
from bot.application.escalations.tables import admin_users as A

USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,100}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024     # argon2 hashes anything, but a megabyte "password" is an attack, not a password
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"password must be at most {MAX_PASSWORD} characters")
    if "\x00" in password:
        raise InvalidInput("password must not contain a NUL character")


def _known_shape(username: str) -> None:
    """No database round trip (and no NUL sent to PostgreSQL) for a name no account can have."""
    if not USERNAME.fullmatch(username or ""):
        raise NotFound(f"no admin user {username[:100]!r}")


class AdminAccounts:
    def __init__(self, store):
        self.engine: sa.Engine = store.engine

    def add(self, username: str, password: str) -> AdminUser:
        if not USERNAME.fullmatch(username or ""):
            raise InvalidInput("username: 1-100 letters, digits, . _ @ -")
        _check_password(password)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(A).values(username=username, password_hash=_hasher.hash(password),
                                                 created_at=rows.now()))
        except sa.exc.IntegrityError:
            raise Conflict(f"admin user {username!r} already exists") from None
        return self.get(username)

    def set_password(self, username: str, password: str) -> None:
        _check_password(password)
        _known_shape(username)
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(A).where(A.c.username == username)
                                .values(password_hash=_hasher.hash(password)))
            end_user_sessions(conn, username)   # a changed password logs out every browser
        if done.rowcount == 0:
            raise NotFound(f"no admin user {username!r}")

    def remove(self, username: str) -> None:
        _known_shape(username)
        with self.engine.begin() as conn:
            if conn.execute(sa.delete(A).where(A.c.username == username)).rowcount == 0:
                raise NotFound(f"no admin user {username!r}")
            end_user_sessions(conn, username)

    def get(self, username: str) -> AdminUser:
        _known_shape(username)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(A.c.id, A.c.username, A.c.created_at).where(A.c.username == username)).first()
        if row is None:
            raise NotFound(f"no admin user {username!r}")
        return AdminUser(id=row.id, username=row.username, created_at=rows.utc(row.created_at))

    def list(self) -> list[AdminUser]:
        with self.engine.connect() as conn:
            result = conn.execute(sa.select(A.c.id, A.c.username, A.c.created_at).order_by(A.c.username))
            return [AdminUser(id=r.id, username=r.username, created_at=rows.utc(r.created_at)) for r in result]

    def verify(self, username: str, password: str) -> bool:
        stored = None
        # A name that could never be an account (NUL, 10,000 characters...) is not looked up: it
        # still costs one hash, so it is as slow as any wrong password.
        if USERNAME.fullmatch(username or "") and len(password or "") <= MAX_PASSWORD:
            with self.engine.connect() as conn:
                stored = conn.execute(sa.select(A.c.password_hash).where(A.c.username == username)).scalar()
        else:
            password = ""
        try:
            ok = _hasher.verify(stored or _DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            return False
        return bool(stored) and ok
