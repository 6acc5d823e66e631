"""Load-balancer probes on the admin server: no login needed, readiness follows the database."""
from __future__ import annotations

from fastapi.testclient import TestClient

from bot.admin.app import create_app
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore, create_engine
from bot.application.settings import Settings


def test_probes_answer_without_login(client):
    live = client.get("/healthz")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_not_ready_while_the_database_is_unreachable(tmp_path):
    store = EscalationStore(create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"))
    settings = Settings(data_dir=tmp_path, env={"POLICYBOT_SECRET_KEY": "test-secret-key-for-signing"})
    with TestClient(create_app(settings, store, EscalationService(store))) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
    assert ready.status_code == 503 and "database" in ready.json()["problems"]
    assert "Traceback" not in ready.text
