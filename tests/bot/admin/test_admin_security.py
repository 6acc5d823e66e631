"""Malformed form values."""
from __future__ import annotations

from tests.bot.admin.conftest import csrf_of
from tests.bot.application.escalations.factories import open_escalation


def test_malformed_version_is_a_400_page(admin, store):
    esc = open_escalation(store)
    token = csrf_of(admin.get(f"/escalations/{esc.id}").text)
    response = admin.post(f"/escalations/{esc.id}/answer", data={"csrf_token": token, "text": "x", "version": "abc"})
    assert response.status_code == 400 and "Invalid value for: version" in response.text
    assert store.get(esc.id).status == "open"
