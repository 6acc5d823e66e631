"""Slack adapter fixtures: a fake Slack Web API, a hand-written AnswerService, the real store on SQLite."""
from __future__ import annotations

import os

import pytest
from slack_sdk import WebClient

from bot.application.settings import Settings
from bot.slack.settings import SlackSettings
from tests.bot.slack.fakes import FakeAnswers
from tests.bot.slack.harness import SIGNING_SECRET, SlackDriver
from tests.bot.slack.mock_slack import MockSlack


@pytest.fixture(autouse=True)
def no_slack_env(monkeypatch):
    """bolt falls back to SLACK_* environment variables; make sure tests never see real ones."""
    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def mock_slack():
    server = MockSlack().start()
    yield server
    server.stop()


@pytest.fixture
def client(mock_slack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=mock_slack.base_url)


@pytest.fixture
def settings() -> Settings:
    return Settings(default_collection="default", env={}, slack=SlackSettings(
        mode="http", admin_channel="CADMIN", admin_users=("UADMIN",), admin_usergroup="SADMINS",
        workspaces={"T1": "kimberly"}))


@pytest.fixture
def answers() -> FakeAnswers:
    return FakeAnswers()


@pytest.fixture
def service(store, client):
    from bot.application.escalations.notify import NotifierRegistry
    from bot.application.escalations.service import EscalationService
    from bot.slack.notifier import SlackNotifier
    return EscalationService(store, NotifierRegistry({"slack": SlackNotifier(client)}))


@pytest.fixture
def app(settings, answers, service, client):
    from bot.slack.app import build_app
    return build_app(settings, answers, service, client=client, signing_secret=SIGNING_SECRET)


@pytest.fixture
def slack(app, mock_slack) -> SlackDriver:
    return SlackDriver(app, mock_slack)
