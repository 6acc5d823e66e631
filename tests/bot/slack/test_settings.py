"""The Slack adapter's section: `slack:` typed and checked once, SLACK_API_URL over `slack.api_url`."""
import pytest

from bot.slack.settings import SlackSettings, read_slack
from knowledge.sections import SettingsError


def test_a_good_section_and_the_api_url_override():
    slack = read_slack({"mode": "http", "admin_users": ["U1", "U2"], "workspaces": {"T1": "kimberly"},
                        "api_url": "https://slack-gov.com/api"}, env={})
    assert slack.admin_users == ("U1", "U2") and slack.workspaces == {"T1": "kimberly"}
    assert slack.api_url == "https://slack-gov.com/api/"
    assert read_slack(None, env={"SLACK_API_URL": "http://127.0.0.1:9/api"}).api_url == "http://127.0.0.1:9/api/"
    assert read_slack(None, env={}) == SlackSettings()


@pytest.mark.parametrize("raw, message", [
    ({"ping_seconds": "high"}, "slack.ping_seconds: expected a number, got 'high'"),
    ({"ping_seconds": 0}, "slack.ping_seconds: expected a number from 0.1 to 60, got 0"),
    ({"ping_secs": 3}, "slack.ping_secs: unknown setting (known: admin_channel, admin_usergroup, admin_users, "
                       "allowed_bots, api_url, mode, ping_seconds, port, workspaces)"),
    ({"mode": "websocket"}, "slack.mode: expected one of socket, http, got 'websocket'"),
    ({"admin_users": "U1"}, "slack.admin_users: expected a list, e.g. [a, b], got 'U1'"),
    ({"admin_users": ["U1", 7]}, "slack.admin_users[1]: expected text (in quotes), got 7"),
    ({"workspaces": ["T1"]}, "slack.workspaces: expected a mapping, e.g. {name: value}, got ['T1']"),
    ({"workspaces": {"T1": None}}, "slack.workspaces.T1: expected text, got nothing (an empty value)"),
    ({"port": True}, "slack.port: expected a whole number, got True"),
])
def test_bad_values_are_one_line_naming_the_key(raw, message):
    with pytest.raises(SettingsError) as caught:
        read_slack(raw, env={})
    assert str(caught.value) == message
