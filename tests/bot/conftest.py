"""Fixtures shared by the app-layer tests."""
import pytest


@pytest.fixture
def store(tmp_path):
    """The real escalation store on a fresh SQLite file (the escalations tests also run it on PostgreSQL)."""
    from bot.application.escalations.store import EscalationStore

    s = EscalationStore.open(f"sqlite:///{tmp_path / 'policybot.db'}")
    yield s
    s.close()
