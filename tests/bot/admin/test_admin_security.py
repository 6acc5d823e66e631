"""Session secret handling and malformed form values."""
from __future__ import annotations

import stat

from bot.admin.security import SECRET_FILE, session_secret
from knowledge.settings import Settings
from tests.bot.admin.conftest import csrf_of
from tests.bot.escalations.factories import open_escalation


def test_secret_from_environment_wins(tmp_path):
    settings = Settings(data_dir=tmp_path, env={"POLICYBOT_SECRET_KEY": "from-env"})
    assert session_secret(settings) == "from-env"
    assert not (tmp_path / SECRET_FILE).exists()


def test_generated_secret_is_private_and_persisted(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", env={})
    first = session_secret(settings)
    path = tmp_path / "data" / SECRET_FILE
    assert len(first) >= 40 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert session_secret(settings) == first


def test_malformed_version_is_a_400_page(admin, store):
    esc = open_escalation(store)
    token = csrf_of(admin.get(f"/escalations/{esc.id}").text)
    response = admin.post(f"/escalations/{esc.id}/answer", data={"csrf_token": token, "text": "x", "version": "abc"})
    assert response.status_code == 400 and "Invalid value for: version" in response.text
    assert store.get(esc.id).status == "open"
