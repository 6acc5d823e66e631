"""`build_app`: the bolt App wired to an AnswerService and the escalation service.

Tokens come only from the environment through `settings.secret()`: SLACK_BOT_TOKEN (always),
SLACK_SIGNING_SECRET (HTTP mode; Socket Mode requests are not signed). Tests pass their own
`client` (a WebClient pointed at a local fake Web API) and `signing_secret`.
"""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.escalations.service import EscalationService
from bot.slack import escalation, listeners
from bot.slack.admins import AdminCheck
from bot.slack.dedupe import SeenKeys, dedupe_middleware
from bot.slack.deps import SlackDeps
from knowledge.ports import AnswerService
from knowledge.settings import Settings


class SlackConfigError(RuntimeError):
    """A required Slack secret or setting is missing."""


def bot_client(settings: Settings) -> WebClient:
    token = settings.secret("SLACK_BOT_TOKEN")
    if not token:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set (the app's Bot User OAuth Token, xoxb-...)")
    return WebClient(token=token)


def build_app(settings: Settings, answers: AnswerService, service: EscalationService, *,
              client: WebClient | None = None, signing_secret: str | None = None,
              seen: SeenKeys | None = None) -> App:
    """The bolt App. `client` defaults to a WebClient with SLACK_BOT_TOKEN."""
    client = client or bot_client(settings)
    if signing_secret is None:
        signing_secret = settings.secret("SLACK_SIGNING_SECRET") or ""
    if settings.slack.mode == "http" and not signing_secret:
        raise SlackConfigError("SLACK_SIGNING_SECRET is required in HTTP mode (the app's Signing Secret)")
    deps = SlackDeps(settings=settings, answers=answers, service=service,
                     admins=AdminCheck(settings.slack), seen=seen or SeenKeys())
    # signing_secret is always passed explicitly so bolt never falls back to os.environ.
    app = App(client=client, signing_secret=signing_secret, process_before_response=False,
              name="policybot")
    app.middleware(dedupe_middleware(deps.seen))
    listeners.register(app, deps)
    escalation.register(app, deps)
    return app
