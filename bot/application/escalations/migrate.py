"""Runs the Alembic migrations shipped in `migrations/`, configured in code (no alembic.ini).

`upgrade(engine)` brings any database to the newest schema; `EscalationStore.open`
calls it, so a fresh SQLite file or an empty PostgreSQL schema just works, even
when several processes start at once on it: the upgrade runs under a lock and
re-reads the revision once it holds it, so the first process migrates and the
others find the work done.
- PostgreSQL: a transaction-scoped advisory lock keyed by the current schema.
- SQLite: `BEGIN IMMEDIATE`, i.e. SQLite's own write lock on the database file
  (other processes wait on it through the busy timeout). The DDL runs inside that
  one transaction, so a failed upgrade (disk full...) leaves nothing half-created.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (tests/bot/application/escalations checks it is Alembic's head). Knowing it
# lets an up-to-date database skip importing Alembic at all, which keeps `policybot ask` quick to start.
HEAD = "0006_staff_groups"


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

    with _locked_transaction(engine) as connection:
        if revision == "head" and _read_revision(connection) == HEAD:
            return      # another process migrated while we waited for the lock
        command.upgrade(alembic_config(connection), revision)


@contextmanager
def _locked_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction holding the database's migration lock; committed on success, rolled back otherwise."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            legacy = raw.isolation_level
            # pysqlite would commit implicitly before DDL; with isolation_level None it leaves
            # transactions to us, so the whole upgrade is one transaction under the write lock.
            raw.isolation_level = None
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
            finally:
                raw.isolation_level = legacy
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('policybot-migrate:' || current_schema()))"))
        yield connection


def _stamped_revision(engine: sa.Engine) -> str | None:
    """The revision recorded in alembic_version, read without Alembic (None if not migrated yet)."""
    with engine.connect() as connection:
        return _read_revision(connection)


def _read_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
