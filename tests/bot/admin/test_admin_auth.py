"""Login is required everywhere; sessions are HttpOnly/SameSite=Lax; failed logins back off."""
from __future__ import annotations

import pytest

from bot.application.escalations.accounts import AdminAccounts
from tests.bot.admin.conftest import PASSWORD, csrf_of, login

PAGES = ["/escalations", "/escalations/1", "/log", "/rulings", "/stats",
         "/export/questions.csv", "/export/escalations.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_redirect_to_login_when_logged_out(client, page):
    response = client.get(page)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_post_when_logged_out_is_401(client):
    token = csrf_of(client.get("/login").text)
    response = client.post("/escalations/1/answer", data={"text": "x", "csrf_token": token})
    assert response.status_code == 401


def test_login_sets_a_hardened_session_cookie_and_returns_to_next(client):
    token = csrf_of(client.get("/login?next=/stats").text)
    response = client.post("/login", data={"username": "principal", "password": PASSWORD,
                                           "csrf_token": token, "next": "/stats"})
    assert response.status_code == 303 and response.headers["location"] == "/stats"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/stats").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_next_never_leaves_the_site(client, target):
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "principal", "password": PASSWORD,
                                           "csrf_token": token, "next": target})
    assert response.headers["location"] == "/"


def test_wrong_password_is_rejected(client):
    response = login(client, password="wrong password!")
    assert response.status_code == 401 and "Wrong username or password" in response.text
    assert client.get("/escalations").status_code == 303


def test_repeated_failures_back_off_then_allow_again(client, clock):
    for _ in range(5):
        assert login(client, password="guess guess guess").status_code == 401
    blocked = login(client)   # locked for 2 s: even the right password waits
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.text
    clock.now += 3
    assert login(client, password="guess guess guess").status_code == 401   # allowed to try; fails again
    assert login(client).status_code == 429                                 # now locked for 4 s
    clock.now += 3
    assert login(client).status_code == 429
    clock.now += 2
    assert login(client).status_code == 303


def test_backoff_is_per_username_and_per_address(client, store):
    AdminAccounts(store).add("hr", "another long password")
    for i in range(6):
        login(client, username=f"nobody{i}", password="guess guess guess")
    # six failures from this address lock the address out for every username
    assert login(client, username="hr", password="another long password").status_code == 429


def test_logout_requires_csrf_and_ends_the_session(admin):
    page = admin.get("/escalations").text
    assert admin.post("/logout", data={}).status_code == 403
    assert admin.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    assert admin.get("/escalations").status_code == 303


def test_removed_account_loses_access(admin, store):
    AdminAccounts(store).remove("principal")
    assert admin.get("/escalations").status_code == 303


def test_security_headers(admin):
    response = admin.get("/escalations")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
