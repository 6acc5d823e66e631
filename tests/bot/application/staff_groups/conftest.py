"""Staff-group fixtures: the real store on SQLite and on PostgreSQL (a schema per test)."""
from __future__ import annotations

import pytest

from tests.bot.application.escalations.db import database_url, drop_database


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    from bot.application.escalations.store import EscalationStore

    url = database_url(request.param, tmp_path)
    s = EscalationStore.open(url)
    yield s
    s.close()
    drop_database(url)
