"""Database URLs for tests: a SQLite file in tmp_path, or a throwaway PostgreSQL schema."""
from __future__ import annotations

import os
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import sqlalchemy as sa

PG_SERVER = os.environ.get("POLICYBOT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_reachable() -> str | None:
    """None if the server answers, else why not."""
    try:
        engine = sa.create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"no PostgreSQL at {PG_SERVER}: {type(exc).__name__}: {str(exc).splitlines()[0]}"


def database_url(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'policybot.db'}"
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    schema = f"pbtest_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(PG_SERVER)
    with engine.begin() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    engine.dispose()
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}"


def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    options = parse_qs(urlparse(url).query).get("options", [""])[0]
    schema = options.split("=", 1)[1]
    engine = sa.create_engine(PG_SERVER)
    with engine.begin() as conn:
        conn.execute(sa.text(f'drop schema if exists "{schema}" cascade'))
    engine.dispose()
