"""bot/application/errors.py: which exceptions are storage faults, and how they read."""
from __future__ import annotations

import errno
import sqlite3

import pytest
import sqlalchemy as sa

from bot.application.errors import (EXIT_IOERR, EXIT_NOPERM, EXIT_TEMPFAIL, EXIT_UNAVAILABLE, error_line, first_line,
                                    safe_url, storage_fault)


def _wrapped(orig: Exception) -> Exception:
    return sa.exc.OperationalError("INSERT INTO questions ...", {}, orig)


@pytest.mark.parametrize("exc, kind, code", [
    (OSError(errno.ENOSPC, "No space left on device", "/data/x.csv"), "disk_full", EXIT_IOERR),
    (OSError(errno.EROFS, "Read-only file system", "/data"), "read_only", EXIT_NOPERM),
    (PermissionError(errno.EACCES, "Permission denied", "/data/policybot.db"), "permission", EXIT_NOPERM),
    (_wrapped(sqlite3.OperationalError("attempt to write a readonly database")), "read_only", EXIT_NOPERM),
    (_wrapped(sqlite3.OperationalError("database is locked")), "busy", EXIT_TEMPFAIL),
    (_wrapped(sqlite3.OperationalError("database or disk is full")), "disk_full", EXIT_IOERR),
    (Exception("error returned from database: (code: 13) database or disk is full"), "disk_full", EXIT_IOERR),
    (_wrapped(Exception('connection failed: connection to server at "127.0.0.1", port 9 failed: Connection refused')),
     "unreachable", EXIT_UNAVAILABLE),
])
def test_storage_faults_are_recognised(exc, kind, code):
    fault = storage_fault(exc)
    assert fault is not None and fault.kind == kind and fault.exit_code == code
    assert "\n" not in fault.message("somewhere") and "Background on this error" not in fault.message()


def test_the_cause_chain_is_followed():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("ingest failed") from inner
    except RuntimeError as outer:
        assert storage_fault(outer).kind == "disk_full"


@pytest.mark.parametrize("exc", [ValueError("bad question"), KeyError("x"), OSError(errno.ENOENT, "No such file"),
                                 _wrapped(sqlite3.OperationalError("no such column: foo"))])
def test_bugs_are_not_storage_faults(exc):
    assert storage_fault(exc) is None


def test_safe_url_masks_the_password():
    assert "hunter2" not in safe_url("postgresql+psycopg://bob:hunter2@db:5432/policybot")


def test_first_line_keeps_only_the_first_line():
    assert first_line("connection refused\nDETAIL: host 10.0.0.1\nHINT: ...") == "connection refused"
    assert first_line("  padded  \n") == "padded"
    assert first_line("") == "" and first_line(" \n ") == ""


def test_error_line_falls_back_to_the_type_name_or_the_default():
    assert error_line(ValueError("bad value\nwith a second line")) == "bad value"
    assert error_line(TimeoutError()) == "TimeoutError"
    assert error_line(RuntimeError(""), "answering failed") == "answering failed"
    assert error_line(RuntimeError("said"), "answering failed") == "said"


def test_a_storage_faults_detail_is_one_line_of_at_most_300_characters():
    fault = storage_fault(Exception("database is locked " + "x" * 400 + "\nsecond line"))
    assert fault is not None and "\n" not in fault.detail and len(fault.detail) == 300
