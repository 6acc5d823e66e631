"""`policybot escalations|log|admin-user` against a real SQLite store in a temp data dir."""
from __future__ import annotations

import csv
import io

import pytest

from bot.cli import main as cli_main
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.store import EscalationStore
from tests.bot.application.escalations.factories import log_question, open_escalation

MY_COMMANDS = ["bot.cli.escalations", "bot.cli.log", "bot.cli.admin"]


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    for name in ("DATABASE_URL", "POLICYBOT_CONFIG", "POLICYBOT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", MY_COMMANDS)

    def invoke(*argv: str, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli_main.main(["--data-dir", str(tmp_path / "data"), *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return invoke


@pytest.fixture
def store(tmp_path):
    (tmp_path / "data").mkdir()
    s = EscalationStore.open(f"sqlite:///{(tmp_path / 'data' / 'policybot.db').resolve()}")
    yield s
    s.close()


def test_list_show_answer_resolve(run, store):
    esc = open_escalation(store, "Can I livestream a field trip?")
    code, out, _ = run("escalations", "list")
    assert code == 0 and f"#{esc.id}" in out and "open" in out and "livestream" in out
    code, out, _ = run("escalations", "show", str(esc.id))
    assert "Can I livestream a field trip?" in out and "Employee Use of Social Media › Personal Use › item 3" in out
    code, out, _ = run("escalations", "answer", str(esc.id), "Only with principal approval.", "--ruling", "--by", "Ms Lee")
    assert code == 0 and "answered by Ms Lee" in out and "Saved as ruling #" in out
    assert store.get(esc.id).answer == "Only with principal approval."
    assert [r.answer for r in store.active_rulings("kimberly")] == ["Only with principal approval."]
    code, _, err = run("escalations", "answer", str(esc.id), "again")
    assert code == 1 and "already answered by Ms Lee" in err
    assert run("escalations", "resolve", str(esc.id))[0] == 0
    assert store.get(esc.id).status == "resolved"
    code, out, _ = run("escalations", "list", "--status", "resolved", "--json")
    assert '"status": "resolved"' in out


def test_errors_are_reported_with_exit_code(run, store):
    code, _, err = run("escalations", "show", "999")
    assert code == 1 and "no escalation #999" in err
    esc = open_escalation(store)
    code, _, err = run("escalations", "answer", str(esc.id), "   ")
    assert code == 1 and "empty" in err
    assert run("escalations", "dismiss", str(esc.id))[0] == 0
    assert store.get(esc.id).status == "dismissed"


def test_csv_exports(run, store, tmp_path):
    open_escalation(store, "=HYPERLINK(\"http://evil\")")
    log_question(store, "Plain question", escalate=False)
    code, out, _ = run("log", "export", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["question"] for r in rows] == ["Plain question", "'=HYPERLINK(\"http://evil\")"]
    target = tmp_path / "esc.csv"
    code, _, err = run("escalations", "export", "--csv", "--output", str(target))
    assert code == 0 and "wrote 1 escalations" in err
    [row] = list(csv.DictReader(target.open(encoding="utf-8")))
    assert row["status"] == "open" and row["platform"] == "slack"


def test_log_purge(run, store):
    esc = open_escalation(store, "Secret")
    store.answer(esc.id, by="a", text="ok")
    assert run("log", "purge")[0] == 2      # retention off by default
    code, out, _ = run("log", "purge", "--older-than-days", "0")
    assert code == 0 and "blanked the text of 1 questions" in out
    assert store.get(esc.id).question == ""


def test_admin_user_add_list_remove(run, store):
    code, out, _ = run("admin-user", "add", "principal", "--password-stdin", stdin="correct horse battery\n")
    assert code == 0 and "added admin user principal" in out
    assert AdminAccounts(store).verify("principal", "correct horse battery")
    assert not AdminAccounts(store).verify("principal", "wrong password")
    code, _, err = run("admin-user", "add", "principal", "--password-stdin", stdin="another long one\n")
    assert code == 1 and "already exists" in err
    code, _, err = run("admin-user", "add", "shorty", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10" in err
    assert "principal" in run("admin-user", "list")[1]
    assert run("admin-user", "remove", "principal")[0] == 0
    assert run("admin-user", "remove", "principal")[0] == 1
    assert "no admin users" in run("admin-user", "list")[1]


def test_admin_user_prompts_with_getpass(run, store, monkeypatch):
    answers = iter(["a-long-password", "a-long-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run("admin-user", "add", "hr")[0] == 0
    assert AdminAccounts(store).verify("hr", "a-long-password")
    mismatched = iter(["a-long-password", "different-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(mismatched))
    code, _, err = run("admin-user", "add", "hr2")
    assert code == 1 and "differ" in err
