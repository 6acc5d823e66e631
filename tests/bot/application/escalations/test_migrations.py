"""The Alembic migrations build exactly the schema tables.py describes, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.application.escalations.migrate import alembic_config, current_revision
from bot.application.escalations.tables import metadata


def test_open_migrates_to_head(store):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(store.engine) == head == "0006_staff_groups"


def test_migrated_schema_matches_table_definitions(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_head_constant_is_alembics_head():
    from alembic.script import ScriptDirectory

    from bot.application.escalations.migrate import HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD
