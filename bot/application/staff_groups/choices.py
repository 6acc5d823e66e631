"""Askers' remembered staff groups, one row per platform user, in the escalation database."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from bot.application.escalations import rows
from bot.application.escalations.tables import staff_group_choices as C


class GroupChoices:
    def __init__(self, engine: sa.Engine, *, clock: Callable = rows.now):
        self.engine = engine
        self._clock = clock

    def get(self, platform: str, user_id: str) -> str | None:
        if not user_id:
            return None
        with self.engine.connect() as conn:
            return conn.execute(sa.select(C.c.staff_group).where(C.c.platform == platform, C.c.user_id == user_id)
                                ).scalar_one_or_none()

    def set(self, platform: str, user_id: str, group: str) -> None:
        """Remember (or change) a user's group; the caller has checked `group` against the vocabulary."""
        if not user_id:
            raise ValueError("a staff group is remembered only for a known user")
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(C).where(C.c.platform == platform, C.c.user_id == user_id)
                                .values(staff_group=group, chosen_at=self._clock())).rowcount
            if not done:
                try:
                    with conn.begin_nested():
                        conn.execute(sa.insert(C).values(platform=platform, user_id=user_id, staff_group=group,
                                                         chosen_at=self._clock()))
                except sa.exc.IntegrityError:     # two presses at once: the other insert won; this one updates it
                    conn.execute(sa.update(C).where(C.c.platform == platform, C.c.user_id == user_id)
                                 .values(staff_group=group, chosen_at=self._clock()))

    def forget(self, platform: str, user_id: str) -> bool:
        with self.engine.begin() as conn:
            return bool(conn.execute(sa.delete(C).where(C.c.platform == platform, C.c.user_id == user_id)).rowcount)
