"""Runs the Alembic migrations shipped in `migrations/`, configured in code (no alembic.ini).

`upgrade(engine)` brings any database to the newest schema; `EscalationStore.open`
calls it, so a fresh SQLite file or an empty PostgreSQL schema just works.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (tests/bot/escalations checks it is Alembic's head). Knowing it
# lets an up-to-date database skip importing Alembic at all, which keeps `policybot ask` quick to start.
HEAD = "0003_inbox"


def alembic_config(connection: sa.Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    if revision == "head" and _stamped_revision(engine) == HEAD:
        return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def _stamped_revision(engine: sa.Engine) -> str | None:
    """The revision recorded in alembic_version, read without Alembic (None if not migrated yet)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
