"""Several processes starting at once on an empty database all migrate it without error (SQLite and PostgreSQL)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import sqlalchemy as sa

from bot.application.escalations.migrate import HEAD, current_revision
from tests.conftest import ROOT

PROCESSES = 4
# Each process imports everything first, then waits for the same instant, so that the
# migrations really overlap instead of being serialised by start-up time.
OPEN_AT_ONCE = textwrap.dedent("""
    import sys, time
    from bot.application.escalations.store import EscalationStore
    import alembic.command, alembic.script  # warm: the race is in the migration, not in imports
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    store = EscalationStore.open(sys.argv[1])
    store.list_escalations()
    print("ok")
""")


def _start_together(url: str) -> list[subprocess.CompletedProcess]:
    start = time.time() + 6
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, url, str(start)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(PROCESSES)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out, err))
    return results


def test_four_processes_migrate_an_empty_database_at_once(db_url):
    results = _start_together(db_url)
    for code, out, err in results:
        assert code == 0 and out.strip() == "ok", err[-2000:]
    engine = sa.create_engine(db_url)
    try:
        assert current_revision(engine) == HEAD
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from alembic_version")).scalar() == 1
    finally:
        engine.dispose()
