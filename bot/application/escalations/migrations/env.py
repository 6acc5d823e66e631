"""Alembic environment: always runs online, on the connection `migrate.upgrade` passes in."""
from __future__ import annotations

from alembic import context

from bot.application.escalations.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.application.escalations.migrate.upgrade(engine)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
