"""The Slack adapter's section of app.yaml (`slack:`), checked once when it is built.

Secrets (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET) never come from here: they are read
from the environment through `Settings.secret()`. SLACK_API_URL overrides `slack.api_url`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from knowledge.sections import Section, read_section, setting


@dataclass(frozen=True)
class SlackSettings(Section):
    KEY = "slack"
    mode: str = setting("socket", choices=("socket", "http"))   # "socket" (SLACK_APP_TOKEN) or "http" (/slack/events)
    port: int = setting(3000, low=1, high=65535)
    admin_channel: str = ""         # channel id where escalations are posted
    admin_users: tuple[str, ...] = ()
    admin_usergroup: str = ""
    workspaces: Mapping[str, str] = setting(default_factory=dict)   # team id -> collection
    api_url: str = ""               # Web API base URL (GovSlack, a proxy, tests); "" = https://slack.com/api/
    allowed_bots: tuple[str, ...] = ()   # bot/app ids (B…/A…) whose messages are answered; other bots are ignored
    # Socket Mode: a WebSocket ping this often; no pong within the same time means the connection is dead
    # (a silent network cut is noticed in about two periods) and a new one is opened.
    ping_seconds: float = setting(2.0, low=0.1, high=60)


def read_slack(raw: Any, env: Mapping[str, str]) -> SlackSettings:
    """`slack:` from app.yaml, with SLACK_API_URL from the environment over `slack.api_url`."""
    slack = read_section(SlackSettings, raw, SlackSettings.KEY)
    api_url = env.get("SLACK_API_URL") or slack.api_url
    if api_url and not api_url.endswith("/"):
        api_url += "/"              # slack_sdk joins method names onto the base URL
    return replace(slack, api_url=api_url)
