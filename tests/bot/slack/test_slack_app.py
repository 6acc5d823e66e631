"""Wiring: secrets only from settings.secret(), workspace -> collection, the `policybot slack` command."""
from __future__ import annotations

from dataclasses import replace

import pytest

import argparse

from bot.cli import slack as slack_cli
from bot.slack.app import SlackConfigError, build_app
from bot.slack.deps import SlackDeps
from bot.slack.admins import AdminCheck
from bot.slack.run import serve


def test_http_mode_requires_a_signing_secret(settings, answers, service, client):
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(settings, answers, service, client=client)


def test_secrets_come_from_settings_env(settings, answers, service, mock_slack, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-os-environ")      # ignored: not captured in settings.env
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        build_app(settings, answers, service)
    socket = replace(settings, slack=replace(settings.slack, mode="socket"), env={"SLACK_BOT_TOKEN": "xoxb-1"})
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN"):
        serve(object(), socket)


def test_unknown_workspace_uses_default_collection(settings, answers, service):
    from bot.application.asking.service import AskService
    from bot.application.escalations.inbox import Inbox

    deps = SlackDeps(settings=settings, answers=answers, service=service, admins=AdminCheck(settings.slack),
                     asking=AskService(settings, answers, service.store), inbox=Inbox(service.store.engine))
    assert deps.collection_for("T1") == "kimberly"
    assert deps.collection_for("T999") == "default"


def test_slack_command_fails_cleanly_without_tokens(tmp_path, capsys, monkeypatch):
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    parser.add_argument("--data-dir")
    slack_cli.register(parser.add_subparsers())
    monkeypatch.chdir(tmp_path)
    args = parser.parse_args(["--data-dir", str(tmp_path), "slack", "--mode", "http", "--port", "3999"])
    assert (args.mode, args.port) == ("http", 3999)
    assert args.func(args) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err


def test_slack_command_is_listed_in_the_cli():
    from bot.cli.main import COMMAND_MODULES
    assert "bot.cli.slack" in COMMAND_MODULES


def test_no_token_warning_at_a_normal_start(settings, answers, service, client, monkeypatch, caplog):
    import logging

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")      # bolt reads it even though it is given the client
    with caplog.at_level(logging.DEBUG):
        build_app(settings, answers, service, client=client, signing_secret="s")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
