"""Ask-service fixtures: the real store on SQLite and on PostgreSQL (a schema per test), a fake engine."""
from __future__ import annotations

import pytest

from tests.bot.application.escalations.db import database_url, drop_database
from tests.bot.slack.fakes import FakeAnswers


@pytest.fixture(params=["sqlite", "postgresql"])
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
def answers() -> FakeAnswers:
    return FakeAnswers()


class RecordingReplier:
    """Remembers every reply, in order, as ("answer"|"notice"|"escalated", payload)."""

    def __init__(self):
        self.sent: list[tuple[str, object]] = []

    def answer(self, result) -> None:
        self.sent.append(("answer", result))

    def notice(self, text: str) -> None:
        self.sent.append(("notice", text))

    def escalated(self, escalation) -> None:
        self.sent.append(("escalated", escalation))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.sent]


@pytest.fixture
def replier() -> RecordingReplier:
    return RecordingReplier()
