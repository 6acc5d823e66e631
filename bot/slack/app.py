"""`build_app`: the bolt App wired to an AnswerService and the escalation service.

Tokens come only from the environment through `settings.secret()`: SLACK_BOT_TOKEN (always),
SLACK_SIGNING_SECRET (HTTP mode; Socket Mode requests are not signed). Tests pass their own
`client` (a WebClient pointed at a local fake Web API) and `signing_secret`. Every WebClient
talks to `slack.api_url` (SLACK_API_URL), so GovSlack, proxies and test doubles work.
"""
from __future__ import annotations

import logging
import urllib.request
from urllib.parse import urlsplit

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.application.asking.service import AskService
from bot.application.asking.worker import InboxWorker
from bot.application.escalations.inbox import Inbox
from bot.application.escalations.service import EscalationService
from bot.slack import asking, escalation, feedback, listeners, staff_groups
from bot.slack.admins import AdminCheck
from bot.slack.bots import ignore_bot_messages
from bot.slack.dedupe import dedupe_middleware
from bot.slack.shapes import refuse_bad_shapes
from bot.slack.deps import SlackDeps
from knowledge.ports import AnswerService
from bot.application.settings import Settings

# Web API calls give up after this long, so an unreachable Slack is reported instead of hanging.
API_TIMEOUT_SECONDS = 30


class SlackConfigError(RuntimeError):
    """A required Slack secret or setting is missing."""


class SlackUnavailable(RuntimeError):
    """Slack rejected the token, or its Web API cannot be reached."""


def web_client(settings: Settings, token: str) -> WebClient:
    """A WebClient on the configured Web API base URL (slack.com unless slack.api_url says otherwise)."""
    kwargs = {"base_url": settings.slack.api_url} if settings.slack.api_url else {}
    client = WebClient(token=token, timeout=API_TIMEOUT_SECONDS, **kwargs)
    # slack_sdk takes HTTPS_PROXY from the environment but ignores NO_PROXY; honour it as every
    # other HTTP client does, so an in-house API URL (GovSlack proxy, tests) is reached directly.
    host = urlsplit(client.base_url).hostname or ""
    if client.proxy and host and urllib.request.proxy_bypass(host):
        client.proxy = None
    return client


def bot_client(settings: Settings) -> WebClient:
    token = settings.secret("SLACK_BOT_TOKEN")
    if not token:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set (the app's Bot User OAuth Token, xoxb-...)")
    return web_client(settings, token)


def check_token(client: WebClient) -> dict:
    """auth.test: who the token belongs to; SlackUnavailable (one readable line) if it cannot say."""
    where = client.base_url
    sdk_log = logging.getLogger("slack_sdk.web.base_client")
    level = sdk_log.level
    sdk_log.setLevel(logging.CRITICAL)      # its own ERROR line would repeat ours, with a traceback's worth of detail
    try:
        return client.auth_test().data
    except SlackApiError as err:
        code = str(err.response.get("error") or "") if isinstance(err.response.data, dict) else ""
        if code in ("invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"):
            raise SlackUnavailable(f"Slack rejected SLACK_BOT_TOKEN ({code}); "
                                   "copy the Bot User OAuth Token (xoxb-...) again") from None
        if not code or code.startswith("Received a response in a non-JSON format"):
            raise SlackUnavailable(f"{where} is not Slack's Web API (HTTP {err.response.status_code}, not Slack's "
                                   "JSON); check slack.api_url / SLACK_API_URL") from None
        raise SlackUnavailable(f"Slack's Web API at {where} refused auth.test ({code})") from None
    except (SlackClientError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise SlackUnavailable(f"cannot reach Slack's Web API at {where} ({reason}); "
                               "check the network, proxy settings and slack.api_url / SLACK_API_URL") from None
    finally:
        sdk_log.setLevel(level)


class _WithholdRequestBody(logging.Filter):
    """bolt logs a forged request's whole body (question, tokens) at INFO; keep only the fact."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Invalid request signature"):
            record.msg, record.args = "Rejected a Slack request with an invalid signature (HTTP 401)", ()
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class _TokenFromClient(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN from the environment even when it is given the client made from it,
    and then warns at every start that the token "will be unused". It is the same token: say nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("As you gave `client` as well, `token` will be unused")


def quiet_bolt_logging() -> None:
    """Install (once) the filters: no request bodies in bolt's signature-failure line, no false token warning."""
    for name, kind in (("slack_bolt.RequestVerification", _WithholdRequestBody), ("slack_bolt.App", _TokenFromClient)):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


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
    quiet_bolt_logging()
    deps = SlackDeps(settings=settings, answers=answers, service=service, admins=AdminCheck(settings.slack),
                     asking=AskService(settings, answers, service.store), inbox=Inbox(service.store.engine),
                     client=client)
    deps.worker = InboxWorker(deps.inbox, settings.inbox, intake=deps.asking.intake,
                              handle=lambda item, late: asking.answer_item(deps, client, item, late),
                              expire=lambda item: asking.expire_item(deps, client, item))
    # signing_secret is always passed explicitly so bolt never falls back to os.environ.
    # process_before_response: ack functions run before the response is sent, so a question is
    # stored in the inbox before Slack gets its ack (events are otherwise acked before any listener).
    app = App(client=client, signing_secret=signing_secret, process_before_response=True,
              name="policybot")
    # Payloads of the wrong shape go first (acknowledged, logged, dropped), then bot messages.
    app.middleware(refuse_bad_shapes())
    app.middleware(ignore_bot_messages(settings.slack.allowed_bots))
    app.middleware(dedupe_middleware(deps.inbox))
    staff_groups.register(app, deps)     # before the question listeners: `/policy group` is not a question
    listeners.register(app, deps)
    feedback.register(app, deps)
    escalation.register(app, deps)
    app.policybot = deps      # what run.serve (worker, health) and tests reach
    return app
