"""The running admin UI answers a storage fault with a one-line 503 page, never a traceback page."""
from __future__ import annotations

from fastapi.testclient import TestClient

from bot.admin.sessions import SESSION_COOKIE
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.store import EscalationStore, create_engine
from tests.bot.admin.conftest import PASSWORD, csrf_of, login, make_app
from tests.bot.cli.broken_storage import CLOSED_PORT_URL, read_only
from tests.bot.application.escalations.factories import open_escalation


def _client(app) -> TestClient:
    return TestClient(app, follow_redirects=False, raise_server_exceptions=False)


def test_read_only_database_while_serving(tmp_path, notifier, clock):
    data = tmp_path / "data"
    data.mkdir()
    store = EscalationStore.open(f"sqlite:///{data / 'policybot.db'}")
    AdminAccounts(store).add("principal", PASSWORD)
    esc = open_escalation(store)
    app = make_app(store, notifier, clock)
    browser = _client(app)
    assert login(browser).status_code == 303
    token = csrf_of(browser.get(f"/escalations/{esc.id}").text)
    store.engine.dispose()                       # connections opened before the remount would still write
    with read_only(data):
        # A WAL database (bot/application/escalations/store.py) needs its -shm file even to be read, so a read-only data
        # directory stops reads as well: a clear 503 page, like any other storage fault.
        listed = browser.get("/escalations")
        assert listed.status_code == 503 and "Traceback" not in listed.text
        response = browser.post(f"/escalations/{esc.id}/resolve", data={"csrf_token": token})
        assert response.status_code == 503 and "read-only" in response.text
        assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()
        assert login(_client(app)).status_code == 503                  # a session cannot be created either
        store.engine.dispose()
    assert store.get(esc.id).status == "open"
    store.close()


def test_unreachable_postgresql_while_serving(notifier, clock):
    store = EscalationStore(create_engine(CLOSED_PORT_URL))             # the server went away after start-up
    app = make_app(store, notifier, clock)
    browser = _client(app)
    assert browser.get("/login").status_code == 200                     # no database needed to show the form
    response = login(browser)
    assert response.status_code == 503 and "database server cannot be reached" in response.text
    browser.cookies.set(SESSION_COOKIE, "a" * 43)
    response = browser.get("/escalations")
    assert response.status_code == 503 and "Traceback" not in response.text
    assert "secret" not in response.text and "127.0.0.1" not in response.text     # details only in the log
