"""Failed-login counters in the escalation database, so every admin process sees the same counts.

One row per throttle key (an opaque hash the caller computes): how many failures,
and when the last one was. Counting is a single UPSERT, safe under concurrency on
SQLite and PostgreSQL; a row idle for longer than `forget_after` starts again at 1.
"""
from __future__ import annotations

import sqlalchemy as sa

from bot.application.escalations.tables import login_failures as F


def _insert(engine: sa.Engine):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


class LoginFailures:
    def __init__(self, store):
        self.engine: sa.Engine = store.engine

    def get(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        """key -> (failures, time of the last one) for the keys that have failures."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(F.c.key, F.c.failures, F.c.last_failure).where(F.c.key.in_(keys)))
            return {r.key: (r.failures, r.last_failure) for r in rows}

    def add(self, keys: list[str], now: float, forget_after: float) -> None:
        insert = _insert(self.engine)
        with self.engine.begin() as conn:
            # Keys idle past `forget_after` count as zero anyway; dropping them keeps the table small.
            conn.execute(sa.delete(F).where(F.c.last_failure < now - forget_after))
            for key in keys:
                stmt = insert(F).values(key=key, failures=1, last_failure=now)
                stmt = stmt.on_conflict_do_update(index_elements=[F.c.key], set_={
                    "failures": sa.case((F.c.last_failure < now - forget_after, 1), else_=F.c.failures + 1),
                    "last_failure": now})
                conn.execute(stmt)

    def clear(self, keys: list[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(F).where(F.c.key.in_(keys)))
