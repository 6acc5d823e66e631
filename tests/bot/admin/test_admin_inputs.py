"""Every filter and search value is validated before it reaches the database, on SQLite and PostgreSQL:
too long, NUL or control characters -> a 400 page saying what is wrong, never a 500."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.store import EscalationStore
from tests.bot.admin.conftest import PASSWORD, csrf_of, login, make_app
from tests.bot.application.escalations.db import database_url, drop_database
from tests.bot.application.escalations.factories import open_escalation


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = database_url(request.param, tmp_path)
    s = EscalationStore.open(url)
    AdminAccounts(s).add("principal", PASSWORD)
    yield s
    s.close()
    drop_database(url)


@pytest.fixture
def admin(store, notifier, clock):
    with TestClient(make_app(store, notifier, clock), follow_redirects=False, raise_server_exceptions=False) as c:
        assert login(c).status_code == 303
        yield c


FILTERS = {"/escalations": ["q", "platform", "collection", "status", "since", "until"],
           "/log": ["q", "platform", "feedback", "since", "until"]}
CASES = [(page, name) for page, names in FILTERS.items() for name in names]


def test_nul_in_any_filter_is_a_400_with_a_message(admin, store):
    open_escalation(store, "Can I post a class photo?")
    for page, name in CASES:
        response = admin.get(f"{page}?{name}=" + quote("photo\x00x"))
        assert response.status_code == 400 and "control character" in response.text, (page, name)


def test_control_characters_are_refused(admin):
    for page, name in CASES:
        for char in ("\x1b", "\n", "\x7f", "\x85"):
            response = admin.get(f"{page}?{name}=" + quote("a" + char + "b"))
            assert response.status_code == 400, (page, name, char)


@pytest.mark.parametrize("page", list(FILTERS))
def test_huge_search_is_a_400_not_a_500(admin, store, page):
    open_escalation(store, "Can I post a class photo?")
    response = admin.get(f"{page}?q={'x' * 60_000}")
    assert response.status_code == 400 and "the limit is" in response.text
    response = admin.get(f"{page}?q={'x' * 500}")
    assert response.status_code == 400 and "500 characters long; the limit is 200" in response.text
    assert admin.get(f"{page}?q=photo").status_code == 200


def test_a_long_but_allowed_search_works(admin, store):
    esc = open_escalation(store, "Can I post a class photo?" + " photo" * 40)
    response = admin.get(f"/escalations?q={quote(('photo ' * 33).strip())}")
    assert response.status_code == 200 and f"/escalations/{esc.id}" in response.text


def test_out_of_range_ids_and_versions(admin, store):
    esc = open_escalation(store)
    assert admin.get("/escalations/99999999999999999999").status_code == 404
    assert admin.get("/escalations/-1").status_code == 404
    token = csrf_of(admin.get(f"/escalations/{esc.id}").text)
    response = admin.post(f"/escalations/{esc.id}/answer",
                          data={"csrf_token": token, "text": "Yes.", "version": str(10**30)})
    assert response.status_code == 400 and "version" in response.text
    assert admin.post("/escalations/99999999999999/resolve", data={"csrf_token": token}).status_code == 404
    assert admin.post("/rulings/99999999999999/retire", data={"csrf_token": token}).status_code == 404
    assert store.get(esc.id).status == "open"


def test_nul_in_an_answer_is_refused_with_the_draft_kept(admin, store):
    esc = open_escalation(store)
    token = csrf_of(admin.get(f"/escalations/{esc.id}").text)
    response = admin.post(f"/escalations/{esc.id}/answer",
                          data={"csrf_token": token, "text": "Yes\x00 you may.", "version": str(esc.version)})
    assert response.status_code == 400 and "NUL" in response.text
    assert store.get(esc.id).status == "open"


def test_hostile_login_fields_are_wrong_passwords_not_errors(admin, store, notifier, clock):
    with TestClient(make_app(store, notifier, clock), follow_redirects=False, raise_server_exceptions=False) as c:
        for username, password in (("prin\x00cipal", PASSWORD), ("principal", "x\x00" * 10),
                                   ("a" * 100_000, PASSWORD), ("principal", "p" * 100_000)):
            assert login(c, username, password).status_code in (401, 429)


def test_too_many_or_odd_query_parameters(admin):
    assert admin.get("/escalations?" + "&".join(f"p{i}=1" for i in range(50))).status_code == 400
    assert admin.get("/escalations?" + quote("bad\x00name") + "=1").status_code == 400
    assert admin.get("/login?next=" + quote("/x\x00y")).status_code == 400
