"""Login throttling keyed by (address, username): no lock-out from elsewhere, X-Forwarded-For believed only
from trusted proxies, counters shared by every process through the database."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.admin.proxies import client_address, is_https, parse_networks
from bot.application.escalations.accounts import AdminAccounts
from bot.admin.settings import AdminSettings
from bot.application.settings import Settings
from tests.bot.admin.conftest import make_app, login

WRONG = "guess guess guess"


def _from(app, address: str, **headers) -> TestClient:
    return TestClient(app, follow_redirects=False, client=(address, 40000), headers=headers)


def test_throttled_username_still_gets_in_with_the_right_password_from_another_address(app, clock):
    attacker, owner = _from(app, "203.0.113.66"), _from(app, "198.51.100.7")
    for _ in range(8):
        login(attacker, password=WRONG)
        clock.now += 1
    assert login(attacker).status_code == 429                   # the attacker's address is held back...
    assert login(owner).status_code == 303                      # ...the owner, elsewhere, is not


def test_forged_forwarded_for_does_not_reset_the_count(app, store):
    for i in range(4):
        AdminAccounts(store).add(f"user{i}", "a long enough password")
    sprayer = _from(app, "203.0.113.66")
    codes = []
    for i in range(12):
        sprayer.headers["X-Forwarded-For"] = f"192.0.2.{i}"
        codes.append(login(sprayer, username=f"user{i % 4}", password=WRONG).status_code)
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}    # 5 guesses, not 12


def test_forwarded_for_is_believed_from_a_trusted_proxy(store, notifier, clock):
    app = make_app(store, notifier, clock, Settings(admin=AdminSettings(trusted_proxies=("10.0.0.1",))))
    attacker = _from(app, "10.0.0.1", **{"X-Forwarded-For": "203.0.113.66"})
    for _ in range(6):
        login(attacker, password=WRONG)
    assert login(attacker).status_code == 429
    owner = _from(app, "10.0.0.1", **{"X-Forwarded-For": "198.51.100.7"})
    assert login(owner).status_code == 303


def test_counters_are_shared_between_processes_through_the_database(store, notifier, clock):
    first, second = make_app(store, notifier, clock), make_app(store, notifier, clock)   # two admin processes
    for app in (first, second, first, second, first):
        assert login(_from(app, "203.0.113.66"), password=WRONG).status_code == 401
    assert login(_from(second, "203.0.113.66")).status_code == 429


def test_success_forgives_earlier_typos(app, clock):
    for _ in range(4):
        assert login(_from(app, "198.51.100.7"), password=WRONG).status_code == 401
    assert login(_from(app, "198.51.100.7")).status_code == 303
    for _ in range(4):
        assert login(_from(app, "198.51.100.7"), password=WRONG).status_code == 401
    assert login(_from(app, "198.51.100.7")).status_code == 303


@pytest.mark.parametrize("peer, header, trusted, expected", [
    ("203.0.113.5", "1.2.3.4", [], "203.0.113.5"),                          # untrusted peer: header ignored
    ("10.0.0.1", "1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),
    ("10.0.0.1", "6.6.6.6, 1.2.3.4", ["10.0.0.0/8"], "1.2.3.4"),            # rightmost untrusted hop wins
    ("10.0.0.1", "1.2.3.4, 10.0.0.2", ["10.0.0.0/8"], "1.2.3.4"),           # past a chain of trusted proxies
    ("10.0.0.1", "garbage", ["10.0.0.0/8"], "10.0.0.1"),
    ("10.0.0.1", "", ["10.0.0.0/8"], "10.0.0.1"),
    ("::1", "2001:db8::1", ["::1"], "2001:db8::1"),
])
def test_client_address(peer, header, trusted, expected):
    scope = {"client": (peer, 1), "headers": [(b"x-forwarded-for", header.encode())] if header else []}
    assert client_address(scope, parse_networks(trusted)) == expected


def test_forwarded_proto_only_from_trusted_proxies():
    headers = [(b"x-forwarded-proto", b"https")]
    assert is_https({"client": ("10.0.0.1", 1), "headers": headers, "scheme": "http"}, parse_networks(["10.0.0.1"]))
    assert not is_https({"client": ("8.8.8.8", 1), "headers": headers, "scheme": "http"}, parse_networks(["10.0.0.1"]))
    with pytest.raises(ValueError, match="nonsense"):
        parse_networks(["nonsense"])
    assert len(parse_networks("10.0.0.1, 10.1.0.0/16")) == 2       # a plain string in app.yaml


def test_old_counters_are_dropped(app, store, clock):
    import sqlalchemy as sa

    from bot.application.escalations.tables import login_failures

    for i in range(5):
        login(_from(app, f"192.0.2.{i}"), password=WRONG)
    clock.now += 2 * 3600
    login(_from(app, "192.0.2.99"), password=WRONG)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(login_failures)).scalar() == 2


def test_counters_on_postgresql(tmp_path, notifier, clock):
    from bot.application.escalations.store import EscalationStore
    from tests.bot.admin.conftest import PASSWORD
    from tests.bot.application.escalations.db import database_url, drop_database

    url = database_url("postgresql", tmp_path)
    store = EscalationStore.open(url)
    try:
        AdminAccounts(store).add("principal", PASSWORD)
        first, second = make_app(store, notifier, clock), make_app(store, notifier, clock)
        for app in (first, second, first, second, first):
            assert login(_from(app, "203.0.113.66"), password=WRONG).status_code == 401
        assert login(_from(second, "203.0.113.66")).status_code == 429
        assert login(_from(first, "198.51.100.7")).status_code == 303
    finally:
        store.close()
        drop_database(url)
