"""Server safety: who may run unauthenticated, and what counts as an activity."""
from __future__ import annotations

import argparse
import logging

import pytest

from bot.cli import teams as teams_cli
from bot.teams.connection import BotCredentials, CredentialsError, credentials_from
from bot.teams.server import UnsafeBinding, check_binding, is_loopback, parse_activity
from bot.application.settings import Settings


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.5", "bot.example.org"))


def test_unauthenticated_server_only_on_loopback_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        check_binding("127.0.0.1", BotCredentials())
    assert "NOT authenticated" in caplog.text and "loopback" in caplog.text
    for host in ("0.0.0.0", "192.168.1.20"):
        with pytest.raises(UnsafeBinding, match="without Bot Framework authentication"):
            check_binding(host, BotCredentials())
    check_binding("0.0.0.0", BotCredentials(APP_ID="id", APP_PASSWORD="pw"))


def test_credentials_come_from_the_environment():
    env = {"MicrosoftAppId": "app", "MicrosoftAppPassword": "pw", "MicrosoftAppTenantId": "tenant"}
    credentials = credentials_from(Settings(env=env))
    assert (credentials.APP_ID, credentials.APP_TYPE, credentials.APP_TENANTID) == ("app", "SingleTenant", "tenant")
    assert credentials.authenticated
    assert not credentials_from(Settings(env={})).authenticated
    with pytest.raises(CredentialsError, match="MicrosoftAppPassword"):
        credentials_from(Settings(env={"MicrosoftAppId": "app"}))


def test_cli_refuses_to_serve_unauthenticated_on_a_public_address(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId"):
        monkeypatch.delenv(name, raising=False)
    parser = argparse.ArgumentParser()
    teams_cli.register(parser.add_subparsers())
    args = parser.parse_args(["teams", "--host", "0.0.0.0"])
    assert args.func(args) == 2
    assert "refusing to serve Teams on 0.0.0.0" in capsys.readouterr().err


def test_parse_activity_accepts_activities_and_rejects_other_json():
    good = {"type": "message", "serviceUrl": "https://smba.trafficmanager.net/amer/", "channelId": "msteams",
            "from": {"id": "29:x"}, "conversation": {"id": "a:1"}, "text": "hi"}
    activity = parse_activity(good)
    assert activity is not None and activity.conversation.id == "a:1" and activity.text == "hi"
    for bad in (None, [], "x", {**good, "type": 3}, {**good, "serviceUrl": "ftp://x"},
                {**good, "conversation": {}}, {k: v for k, v in good.items() if k != "from"},
                {**good, "timestamp": "not a time"}):
        assert parse_activity(bad) is None, bad
