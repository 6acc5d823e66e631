"""`policybot escalations` and `log`: hostile filter values are one-line errors, never tracebacks."""
from __future__ import annotations

import pytest

from tests.bot.cli.test_escalations_cli import run, store  # noqa: F401  (fixtures)
from tests.bot.application.escalations.factories import open_escalation


@pytest.mark.parametrize("option, value, message", [
    ("--search", "photo\x00x", "control character"),
    ("--search", "x" * 60_000, "60,000 characters long; the limit is 200"),
    ("--search", "bad\udcffbytes", "not valid text"),          # undecodable bytes on the command line
    ("--platform", "slack\x00", "control character"),
    ("--collection", "a\nb", "control character"),
    ("--limit", "0", "limit must be between"),
    ("--limit", str(10**20), "limit must be between"),
])
def test_bad_escalation_filters(run, store, option, value, message):
    open_escalation(store, "Can I post a class photo?")
    code, out, err = run("escalations", "list", option, value)
    assert code == 1 and message in err and "Traceback" not in err and out == ""


def test_a_good_search_still_finds(run, store):
    esc = open_escalation(store, "Can I post a class photo?")
    code, out, _ = run("escalations", "list", "--search", "class photo")
    assert code == 0 and f"#{esc.id}" in out


@pytest.mark.parametrize("command", ["show", "resolve", "dismiss"])
def test_out_of_range_ids(run, store, command):
    code, _, err = run("escalations", command, str(10**20))
    assert code == 1 and "no escalation" in err


def test_purge_days_out_of_range(run, store):
    code, _, err = run("log", "purge", "--older-than-days", str(10**12))
    assert code == 2 and "between 0 and 36500" in err
