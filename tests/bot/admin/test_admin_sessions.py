"""Server-side sessions: the cookie is only a random id; logout, password change and removal end sessions;
idle and absolute timeouts; Secure cookies; the start-up warning for a non-loopback bind."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bot.admin.app import bind_warning
from bot.admin.sessions import SESSION_COOKIE
from bot.cli import main as cli_main
from bot.application.escalations.accounts import AdminAccounts
from bot.application.escalations.tables import admin_sessions
from bot.admin.settings import AdminSettings
from bot.application.settings import Settings
from tests.bot.admin.conftest import csrf_of, login, make_app

QUEUE = "/escalations"


def _session_cookie(response) -> str:
    match = re.search(rf"{SESSION_COOKIE}=([^;]*)", response.headers.get("set-cookie", ""))
    assert match, f"no {SESSION_COOKIE} cookie set"
    return match.group(1)


def _browser(app, cookie: str | None = None) -> TestClient:
    browser = TestClient(app, follow_redirects=False)
    if cookie:
        browser.cookies.set(SESSION_COOKIE, cookie)
    return browser


def test_cookie_is_only_a_random_id_and_the_database_keeps_its_hash(client, store):
    response = login(client)
    cookie = _session_cookie(response)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie)          # 32 random bytes, nothing else
    padded = cookie.replace("-", "+").replace("_", "/") + "="
    assert b"principal" not in base64.b64decode(padded) and "principal" not in cookie
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(admin_sessions.c.id_hash, admin_sessions.c.username)).all()
    assert stored == [(hashlib.sha256(cookie.encode()).hexdigest(), "principal")]
    assert login(client).status_code == 303 and _session_cookie(login(client)) != cookie   # rotated at each login


def test_a_cookie_copied_before_logout_is_dead_after_it(client, app, store):
    AdminAccounts(store).add("hr", "another long password")
    hr = _browser(app)
    assert login(hr, "hr", "another long password").status_code == 303
    cookie = _session_cookie(login(client))
    thief, laptop = _browser(app, cookie), _browser(app)
    assert login(laptop).status_code == 303
    assert thief.get(QUEUE).status_code == 200
    page = client.get(QUEUE).text
    assert client.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    assert thief.get(QUEUE).status_code == 303
    assert thief.get("/export/escalations.csv").status_code == 303
    assert thief.post("/escalations/1/resolve", data={"csrf_token": csrf_of(page)}).status_code in (401, 403)
    assert laptop.get(QUEUE).status_code == 303                     # logout ends all of this user's sessions
    assert hr.get(QUEUE).status_code == 200                         # and nobody else's


def test_password_change_ends_every_session_of_that_user(client, app, store):
    AdminAccounts(store).add("hr", "another long password")
    mine, other = _browser(app), _browser(app)
    assert login(mine).status_code == 303 and login(other).status_code == 303
    hr = _browser(app)
    assert login(hr, "hr", "another long password").status_code == 303
    AdminAccounts(store).set_password("principal", "a brand new password")
    assert mine.get(QUEUE).status_code == 303 and other.get(QUEUE).status_code == 303
    assert hr.get(QUEUE).status_code == 200                         # other users keep theirs
    assert login(mine, password="a brand new password").status_code == 303


@pytest.mark.parametrize("argv", [["admin-user", "remove", "principal"],
                                  ["admin-user", "passwd", "principal", "--password-stdin"]])
def test_admin_user_commands_end_sessions(client, app, store, tmp_path, monkeypatch, argv):
    import io

    assert login(client).status_code == 303 and client.get(QUEUE).status_code == 200
    monkeypatch.setenv("DATABASE_URL", str(store.engine.url))
    monkeypatch.setattr("sys.stdin", io.StringIO("yet another password\n"))
    assert cli_main.main(["--data-dir", str(tmp_path / "data"), *argv]) == 0
    assert client.get(QUEUE).status_code == 303


def test_idle_timeout(client, clock):
    login(client)
    for _ in range(4):                       # busy: 4 × 20 minutes, never idle for 30
        clock.now += 20 * 60
        assert client.get(QUEUE).status_code == 200
    clock.now += 31 * 60
    assert client.get(QUEUE).status_code == 303


def test_absolute_timeout(store, notifier, clock):
    app = make_app(store, notifier, clock, Settings(admin=AdminSettings(session_idle_minutes=60, session_max_hours=2)))
    browser = _browser(app)
    login(browser)
    for _ in range(4):                       # 4 × 29 minutes of activity
        clock.now += 29 * 60
        assert browser.get(QUEUE).status_code == 200
    clock.now += 5 * 60                      # 2 h 1 min after login, 5 min after the last page
    assert browser.get(QUEUE).status_code == 303


def test_stale_cookie_is_cleared_and_forged_ids_are_refused(app):
    browser = _browser(app, "x" * 43)
    response = browser.get(QUEUE)
    assert response.status_code == 303 and "Max-Age=0" in response.headers["set-cookie"]
    assert _browser(app, "'; drop table admin_sessions; --").get(QUEUE).status_code == 303


def test_no_secure_flag_by_default_on_plain_http(client):
    assert "secure" not in login(client).headers["set-cookie"].lower()


def test_secure_cookies_setting(store, notifier, clock):
    app = make_app(store, notifier, clock, Settings(admin=AdminSettings(secure_cookies=True)))
    with TestClient(app, follow_redirects=False, base_url="https://testserver") as browser:
        response = login(browser)
        assert response.status_code == 303
        assert all("Secure" in c for c in response.headers.get_list("set-cookie"))
        assert browser.get(QUEUE).status_code == 200


def test_secure_automatically_over_https_through_a_trusted_proxy(store, notifier, clock):
    app = make_app(store, notifier, clock, Settings(admin=AdminSettings(trusted_proxies=("10.0.0.0/8",))))
    proxied = {"X-Forwarded-Proto": "https"}
    via_proxy = TestClient(app, follow_redirects=False, client=("10.1.2.3", 5000), headers=proxied)
    assert "Secure" in login(via_proxy).headers["set-cookie"]
    direct = TestClient(app, follow_redirects=False, client=("203.0.113.9", 5000), headers=proxied)
    assert "secure" not in login(direct).headers["set-cookie"].lower()    # the header alone proves nothing


def test_start_up_warning_for_a_non_loopback_bind():
    plain, secure = Settings(), Settings(admin=AdminSettings(secure_cookies=True))
    assert bind_warning(plain, "127.0.0.1") is None and bind_warning(plain, "localhost") is None
    assert bind_warning(plain, "::1") is None
    for host in ("0.0.0.0", "192.168.1.20", "::", "admin.example.org"):
        assert "secure_cookies" in bind_warning(plain, host)
        assert bind_warning(secure, host) is None


def test_policybot_admin_prints_the_warning_and_ignores_forwarded_headers(tmp_path, monkeypatch, capsys):
    import bot.application.stopping

    calls = []
    # The server itself is not under test (policybot admin serves through bot.application.stopping.serve_uvicorn).
    monkeypatch.setattr(bot.application.stopping, "serve_uvicorn", lambda app, **kw: calls.append(kw) or "no signal")
    assert cli_main.main(["--data-dir", str(tmp_path / "data"), "admin", "--host", "0.0.0.0", "--port", "0"]) == 0
    assert "warning" in capsys.readouterr().err and calls[0]["proxy_headers"] is False
    assert cli_main.main(["--data-dir", str(tmp_path / "data"), "admin"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize("setting, shown", [("trusted_proxies: [not-an-address]", "not-an-address"),
                                             ("session_idle_minutes: 0", "session_idle_minutes"),
                                             ("session_max_hours: -3", "session_max_hours"),
                                             ("secure_cookies: sometimes", "secure_cookies")])
def test_bad_admin_settings_are_a_one_line_error(tmp_path, capsys, setting, shown):
    config = tmp_path / "app.yaml"
    config.write_text(f"admin:\n  {setting}\n")
    assert cli_main.main(["--config", str(config), "--data-dir", str(tmp_path / "data"), "admin"]) == 2
    err = capsys.readouterr().err
    assert shown in err and len(err.strip().splitlines()) == 1
