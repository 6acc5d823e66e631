"""Store fixtures: every contract test runs on SQLite (tmp_path) and on PostgreSQL.

PostgreSQL tests get a fresh schema each (dropped afterwards) so parallel or
repeated runs never collide; they skip, with the reason shown, only when no
server answers at 127.0.0.1:5432.
"""
from __future__ import annotations

import uuid

import pytest

from tests.bot.application.escalations.db import database_url, drop_database

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    url = database_url(request.param, tmp_path)
    yield url
    drop_database(url)


@pytest.fixture
def store(db_url):
    from bot.application.escalations.store import EscalationStore
    s = EscalationStore.open(db_url)
    yield s
    s.close()


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]
