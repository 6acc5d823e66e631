"""An admin app over a real SQLite store, an admin account, and a logged-in TestClient."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.admin.app import create_app
from bot.admin.security import LoginThrottle
from bot.application.escalations.admin_sessions import AdminSessions
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.application.settings import Settings

PASSWORD = "correct horse battery staple"


class FakeClock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


class RecordingNotifier:
    def __init__(self):
        self.delivered = []

    def notify_answer(self, escalation):
        self.delivered.append(escalation)


@pytest.fixture
def store(tmp_path):
    s = EscalationStore.open(f"sqlite:///{tmp_path / 'policybot.db'}")
    AdminAccounts(s).add("principal", PASSWORD)
    yield s
    s.close()


@pytest.fixture
def notifier():
    return RecordingNotifier()


@pytest.fixture
def clock():
    return FakeClock()


def make_app(store, notifier, clock, settings: Settings | None = None):
    """The admin app on `store`, its throttle and sessions on the test clock."""
    settings = settings or Settings()
    service = EscalationService(store, NotifierRegistry({"slack": notifier}))
    sessions = AdminSessions(store, idle_seconds=settings.admin.session_idle_minutes * 60,
                             max_seconds=settings.admin.session_max_hours * 3600, clock=clock)
    return create_app(settings, store, service, throttle=LoginThrottle(store, clock=clock), sessions=sessions)


@pytest.fixture
def app(tmp_path, store, notifier, clock):
    return make_app(store, notifier, clock, Settings(data_dir=tmp_path))


@pytest.fixture
def client(app):
    with TestClient(app, follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client, username="principal", password=PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": "/"})


@pytest.fixture
def admin(client):
    """The client, logged in; returns it. Use csrf_of(page) for POSTs."""
    response = login(client)
    assert response.status_code == 303
    return client
