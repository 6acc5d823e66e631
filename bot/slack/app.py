"""`build_app`: the bolt App wired to an AnswerService and the escalation service.

Tokens come only from the environment through `settings.secret()`: SLACK_BOT_TOKEN (always),
SLACK_SIGNING_SECRET (HTTP mode; Socket Mode requests are not signed). Tests pass their own
`client` (a WebClient pointed at a local fake Web API) and `signing_secret`.
"""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.asking.service import AskService
from bot.asking.worker import InboxWorker
from bot.escalations.inbox import Inbox
from bot.escalations.service import EscalationService
from bot.slack import asking, escalation, listeners
from bot.slack.admins import AdminCheck
from bot.slack.dedupe import dedupe_middleware
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
              client: WebClient | None = None, signing_secret: str | None = None) -> App:
    """The bolt App. `client` defaults to a WebClient with SLACK_BOT_TOKEN.

    Its inbox worker answers questions as they arrive; `app.policybot.worker.start()` (done by
    `run.serve`) also starts the poller that picks up questions left by a crash.
    """
    client = client or bot_client(settings)
    if signing_secret is None:
        signing_secret = settings.secret("SLACK_SIGNING_SECRET") or ""
    if settings.slack.mode == "http" and not signing_secret:
        raise SlackConfigError("SLACK_SIGNING_SECRET is required in HTTP mode (the app's Signing Secret)")
    deps = SlackDeps(settings=settings, answers=answers, service=service, admins=AdminCheck(settings.slack),
                     asking=AskService(settings, answers, service.store), inbox=Inbox(service.store.engine),
                     client=client)
    deps.worker = InboxWorker(deps.inbox, settings.inbox,
                              handle=lambda item, late: asking.answer_item(deps, client, item, late),
                              expire=lambda item: asking.expire_item(deps, client, item))
    # signing_secret is always passed explicitly so bolt never falls back to os.environ.
    # process_before_response: ack functions run before the response is sent, so a question is
    # stored in the inbox before Slack gets its ack (events are otherwise acked before any listener).
    app = App(client=client, signing_secret=signing_secret, process_before_response=True,
              name="policybot")
    app.middleware(dedupe_middleware(deps.inbox))
    listeners.register(app, deps)
    escalation.register(app, deps)
    app.policybot = deps      # what run.serve (worker, health) and tests reach
    return app
