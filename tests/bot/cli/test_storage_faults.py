"""Storage faults from every command are one line and an exit code, never a traceback, and nothing is
half-written: a read-only data directory, a full disk, an unreadable database, an unreachable PostgreSQL."""
from __future__ import annotations

import sqlite3

import pytest

from bot.application.errors import EXIT_IOERR, EXIT_NOPERM, EXIT_UNAVAILABLE
from tests.bot.cli.broken_storage import (CLOSED_PORT_URL, fill, full_disk, populate, read_only,
                                          run_cli)

FIXTURES = "tests/fixtures/policies"


def _status(data, escalation_id: int) -> str:
    # immutable: on a full or read-only disk a WAL database cannot even create its -shm file to be read.
    conn = sqlite3.connect(f"file:{data / 'policybot.db'}?immutable=1", uri=True)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        return conn.execute("select status from escalations where id = ?", (escalation_id,)).fetchone()[0]
    finally:
        conn.close()


# -- read-only data directory ------------------------------------------------------------
@pytest.fixture
def ro_data(tmp_path, engine):
    data = tmp_path / "data"
    data.mkdir()
    esc = populate(data, engine)
    with read_only(data):
        yield data, esc


@pytest.mark.parametrize("argv", [["ask", "can I text my team?"], ["ingest", FIXTURES], ["sources"]])
def test_read_only_data_dir_chroma_commands(ro_data, argv):
    data, _ = ro_data
    run_cli(data, *argv).one_line_error(EXIT_NOPERM, "read-only", str(data))


def test_read_only_data_dir_escalation_commands(ro_data, tmp_path):
    data, esc = ro_data
    # In WAL mode (which keeps chat acks quick) even a read needs the -shm file beside the database, so a
    # read-only data directory stops reads too; it is still one line, never a traceback.
    listed = run_cli(data, "escalations", "list")
    listed.one_line_error(EXIT_NOPERM, "read-only")
    run_cli(data, "escalations", "answer", str(esc), "Yes, with approval.").one_line_error(EXIT_NOPERM, "read-only")
    run_cli(data, "log", "export", "--csv", "-o", str(data / "log.csv")).one_line_error(EXIT_NOPERM)
    assert not list(data.glob("*.csv")) and not list(data.glob(".policybot-export-*"))
    assert _status(data, esc) == "open"


# -- full disk ---------------------------------------------------------------------------
@pytest.fixture
def full_data(tmp_path, engine):
    data = tmp_path / "full"
    # Room for the session engine's store, whatever earlier tests ingested into it, then filled to the brim.
    stored = sum(f.stat().st_size for f in engine.settings.chroma_path.rglob("*") if f.is_file())
    with full_disk(data, size_mb=8 + 2 * stored // 2**20):
        esc = populate(data, engine)
        fill(data)
        yield data, esc


@pytest.mark.parametrize("argv", [["ask", "can I text my team?"], ["ingest", FIXTURES]])
def test_full_disk_chroma_commands(full_data, argv):
    data, _ = full_data
    run_cli(data, *argv).one_line_error(EXIT_IOERR, "disk is full")


def test_full_disk_escalation_commands(full_data):
    data, esc = full_data
    # SQLite reports a full disk as "database or disk is full", or (growing its WAL file) as a disk I/O error.
    run_cli(data, "escalations", "answer", str(esc), "Yes, with approval.").one_line_error(EXIT_IOERR)
    run_cli(data, "log", "export", "--csv", "-o", str(data / "log.csv")).one_line_error(EXIT_IOERR)
    assert not list(data.glob("*.csv")) and not list(data.glob(".policybot-export-*"))   # no truncated export
    assert _status(data, esc) == "open"


# -- database file not readable ----------------------------------------------------------
@pytest.fixture
def unreadable_db(tmp_path, engine):
    data = tmp_path / "data"
    data.mkdir()
    populate(data, engine)
    (data / "policybot.db").chmod(0)
    yield data
    (data / "policybot.db").chmod(0o600)


@pytest.mark.parametrize("argv", [["escalations", "list"],
                                  ["log", "export", "--csv"], ["admin", "--port", "0"], ["admin-user", "list"]])
def test_unreadable_database(unreadable_db, argv):
    line = run_cli(unreadable_db, *argv, without_dac=True).one_line_error(EXIT_NOPERM, "permission denied")
    assert "policybot.db" in line


# -- PostgreSQL unreachable --------------------------------------------------------------
@pytest.mark.parametrize("argv", [["escalations", "list"], ["log", "export", "--csv"],
                                  ["log", "purge", "--older-than-days", "30"], ["admin", "--port", "0"],
                                  ["admin-user", "list"]])
def test_unreachable_postgresql(tmp_path, bundled_data, argv):
    line = run_cli(bundled_data, *argv, database_url=CLOSED_PORT_URL).one_line_error(
        EXIT_UNAVAILABLE, "database server cannot be reached", "127.0.0.1:9")
    assert "secret" not in line                                     # the password is masked


def _answered_with_one_warning(result, *words):
    """ask still answers when the question log is down (issue 11): the answer on stdout, one warning line."""
    assert result.code == 0 and "Traceback" not in result.err, result.err[-3000:]
    assert result.out.strip(), result.err[-2000:]
    lines = [line for line in result.err.splitlines() if line.startswith("policybot")]
    assert len(lines) == 1 and "warning" in lines[0], result.err[-2000:]
    for word in words:
        assert word in lines[0], lines[0]


def test_ask_answers_when_the_database_file_is_unreadable(unreadable_db):
    _answered_with_one_warning(run_cli(unreadable_db, "ask", "can I text my team?", without_dac=True),
                               "question log is unavailable")


def test_ask_answers_when_postgresql_is_unreachable(bundled_data):
    _answered_with_one_warning(run_cli(bundled_data, "ask", "can I text my team?", database_url=CLOSED_PORT_URL),
                               "question log is unavailable")


def test_commands_without_the_database_still_work_when_it_is_unreachable(bundled_data):
    result = run_cli(bundled_data, "sources", database_url=CLOSED_PORT_URL)
    assert result.code == 0 and "clauses" in result.out


def test_first_start_on_a_full_disk_leaves_no_half_made_database(tmp_path):
    data = tmp_path / "full"
    with full_disk(data, size_mb=1):
        (data / "data").mkdir()
        fill(data)
        result = run_cli(data / "data", "escalations", "list")
        result.one_line_error(EXIT_IOERR, "disk is full")
        (data / "filler").unlink()
        again = run_cli(data / "data", "escalations", "list")
        assert again.code == 0 and "no escalations" in again.out, again.err[-2000:]
