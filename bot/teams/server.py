"""The aiohttp server: `POST /api/messages`, wired to the bot, the adapter and the store.

`create_app` builds everything from the settings, an `AnswerService` and an
`EscalationStore`; `run` refuses to serve without Bot Framework credentials
anywhere but on a loopback address.

Every request is checked before the bot sees it, cheapest first: the media type
must be exactly `application/json`; the body a Bot Framework activity; its
token valid (any failure is a 401, a stalled key fetch a 503); its `serviceUrl`
a trusted host (service_urls.py, else 403) so nothing is ever sent elsewhere. Activities
from other bots (`from.role == "bot"`) are acknowledged and dropped unless the
bot is in `teams.allowed_bots`.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading

from aiohttp import web
from aiohttp.web_runner import GracefulExit
from botbuilder.core import TurnContext, serializer_helper
from botbuilder.schema import Activity

from bot.application.addresses import is_loopback
from bot.application.asking.service import AskService
from bot.application.asking.worker import InboxWorker
from bot.application.escalations.inbox import Inbox
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.application.health import HEALTH_PATH, READY_PATH, Health
from bot.teams.actions import RememberAnswerCards
from bot.teams.admin_channel import AdminChannel
from bot.teams.asking import TeamsQuestions
from bot.teams.bot import PolicyBot
from bot.teams.connection import BotCredentials, credentials_from, make_adapter
from bot.teams.event_loop import ServerLoop
from bot.teams.notifier import PLATFORM, Proactive, TeamsNotifier
from bot.teams.service_urls import ServiceUrlPolicy
from bot.teams.shapes import problem as shape_problem
from bot.teams.signing_keys import KeyFetchTimeout, install as install_signing_keys
from bot.application.stopping import STOP_SIGNALS, StopRequest
from knowledge.ports import AnswerService
from bot.application.settings import Settings

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"
WORKER = web.AppKey("worker", InboxWorker)
STOP_REPORT = web.AppKey("stop_report", dict)     # {"report": StopReport} once the graceful stop ran


class UnsafeBinding(RuntimeError):
    """Serving without Bot Framework authentication on a reachable address."""


def check_binding(host: str, credentials: BotCredentials) -> None:
    if credentials.authenticated:
        return
    if not is_loopback(host):
        raise UnsafeBinding(
            f"refusing to serve Teams on {host} without Bot Framework authentication: set MicrosoftAppId and "
            "MicrosoftAppPassword (and MicrosoftAppTenantId), or bind to 127.0.0.1 for local testing")
    log.warning("MicrosoftAppId is not set: Teams requests are NOT authenticated. This is allowed only because "
                "the server is bound to loopback (%s); use it for local testing only.", host)


def service_url_policy(settings: Settings, credentials: BotCredentials) -> ServiceUrlPolicy:
    """The trusted serviceUrls; loopback only in local mode (no app id: the server is on loopback too)."""
    return ServiceUrlPolicy(settings.teams.service_urls, allow_loopback=not credentials.authenticated)


def from_other_bot(activity: Activity, allowed: tuple[str, ...]) -> bool:
    sender = activity.from_property
    return bool(sender) and (sender.role or "").lower() == "bot" and sender.id not in allowed


def identifies_activity(body: object) -> bool:
    """Whether request JSON names an activity well enough to authenticate it (type, channel, serviceUrl...)."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return False
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str):
        return False
    if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"].startswith(("https://", "http://")):
        return False
    return isinstance(body.get("channelId"), str) and isinstance(body.get("from"), dict)


def routing_activity(body: dict) -> Activity:
    """Just what authentication reads (channel, serviceUrl), for an activity too malformed to deserialize."""
    return Activity(type=body["type"], channel_id=body["channelId"], service_url=body["serviceUrl"])


def parse_activity(body: object) -> Activity | None:
    """A Bot Framework activity from request JSON, or None if it is not one we can answer."""
    if not identifies_activity(body):
        return None
    try:
        return Activity().deserialize(body)
    except Exception:  # msrest raises several types for bad field shapes
        return None


def malformed_card_action(activity: Activity) -> bool:
    """An `adaptiveCard/action` invoke whose value botbuilder would trip over (a 500) instead of refusing."""
    if activity.type != "invoke" or activity.name != "adaptiveCard/action":
        return False
    value = activity.value
    return not (isinstance(value, dict) and isinstance(value.get("action"), dict))


def invoke_json(body: object) -> object:
    """An invoke response body as JSON; the activity handler has usually serialised it already."""
    if isinstance(body, (dict, list, str, type(None))):
        return body
    value = getattr(body, "value", None)
    if isinstance(value, Exception):
        # botbuilder's own error replies to malformed `adaptiveCard/action` invokes carry an Exception,
        # which its serializer cannot write (a 500): write them as the Universal Actions error shape.
        code, message = ([str(a) for a in value.args] + ["BadRequest", ""])[:2]
        return {"statusCode": int(getattr(body, "status_code", 400) or 400),
                "type": getattr(body, "type", None) or "application/vnd.microsoft.error",
                "value": {"code": code, "message": message}}
    return serializer_helper(body)


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    log.error("error while handling a Teams activity", exc_info=error)
    try:
        await context.send_activity("Sorry, something went wrong while answering. Please try again later.")
    except Exception:
        log.exception("could not tell the user about the error")


def build_bot(settings: Settings, *, service: AnswerService, store: EscalationStore, proactive: Proactive,
              notifier: TeamsNotifier, notifiers: NotifierRegistry, server_loop: ServerLoop) -> PolicyBot:
    """The bot with its inbox worker (`bot.worker`); `server_loop` must be bound before it answers."""
    admin_channel = AdminChannel(settings)
    questions = TeamsQuestions(settings, AskService(settings, service, store), Inbox(store.engine), proactive,
                               admin_channel, server_loop)
    worker = InboxWorker(questions.inbox, settings.inbox, handle=questions.answer_item, expire=questions.expire_item)
    return PolicyBot(settings=settings, service=service, store=store,
                     escalations=EscalationService(store, notifiers), notifier=notifier,
                     proactive=proactive, admin_channel=admin_channel, questions=questions, worker=worker)


def create_app(settings: Settings, *, service: AnswerService, store: EscalationStore,
               credentials: BotCredentials | None = None, notifiers: NotifierRegistry | None = None,
               health: Health | None = None) -> web.Application:
    """The web app; `notifiers` (shared with other platforms) gets the Teams notifier registered.

    `app[WORKER]` is the inbox worker; `run` starts its poller (which answers what a crash left).
    """
    credentials = credentials or credentials_from(settings)
    install_signing_keys()
    adapter = make_adapter(credentials)
    adapter.on_turn_error = _on_turn_error
    trusted = service_url_policy(settings, credentials)
    proactive = Proactive(adapter, credentials.APP_ID, trusted)
    server_loop = ServerLoop()      # bound while the server runs: worker threads and the notifier send on it
    notifier = TeamsNotifier(proactive, server_loop)
    notifiers = notifiers or NotifierRegistry()
    notifiers.register(PLATFORM, notifier)
    bot = build_bot(settings, service=service, store=store, proactive=proactive, notifier=notifier,
                    notifiers=notifiers, server_loop=server_loop)
    # Every answer card sent (turn replies and the worker's proactive answers) is remembered, so a
    # pressed answer card can be updated in place.
    adapter.use(RememberAnswerCards(bot.actions.recent))
    worker = bot.worker
    health = health or Health(store=store)

    async def messages(request: web.Request) -> web.StreamResponse:
        # The parsed media type, not a substring: "text/plain; application/json" is not JSON.
        if request.content_type.lower() != "application/json":
            raise web.HTTPUnsupportedMediaType(text="expected application/json")
        try:
            body = json.loads(await request.read())
        except ValueError:
            raise web.HTTPBadRequest(text="body is not JSON")
        if not identifies_activity(body):
            raise web.HTTPBadRequest(text="not a Bot Framework activity")
        bad_shape = shape_problem(body)
        activity = None if bad_shape else parse_activity(body)
        if activity is None and bad_shape is None:
            bad_shape = "unreadable by botbuilder"
        # Authenticate here: process_activity treats a missing header ("") as a token to validate,
        # while authenticate_request accepts None as "no header" when authentication is disabled.
        try:
            authenticated = await adapter.bot_framework_authentication.authenticate_request(
                activity or routing_activity(body), request.headers.get("Authorization") or None)
        except KeyFetchTimeout as error:
            log.warning("%s; answered 503 so the channel retries", error)
            raise web.HTTPServiceUnavailable(text="cannot validate the token just now; retry later")
        except Exception as error:   # malformed, forged, expired or missing token: never a 500 or a traceback
            log.info("rejected a Teams request: %s", type(error).__name__)
            raise web.HTTPUnauthorized(text="invalid or missing Bot Framework token")
        if not trusted.allows(body["serviceUrl"]):
            log.warning("refused an activity whose serviceUrl is not a Bot Framework or Teams host")
            raise web.HTTPForbidden(text="serviceUrl is not a trusted Bot Framework or Teams address")
        if bad_shape:
            # Acknowledged, so the channel does not send it again; never stored, never answered.
            log.warning("bad input: a Teams %s activity was acknowledged and dropped (%s)", body["type"][:40], bad_shape)
            return web.Response(status=200)
        if malformed_card_action(activity):
            return web.json_response({"statusCode": 400, "type": "application/vnd.microsoft.error", "value": {
                "code": "BadRequest", "message": "value.action must be an Action.Execute object"}}, status=400)
        if from_other_bot(activity, settings.teams.allowed_bots):
            log.debug("ignoring an activity from another bot")
            return web.Response(status=200)
        invoke = await adapter.process_activity(authenticated, activity, bot.on_turn)
        if invoke:
            return web.json_response(invoke_json(invoke.body), status=invoke.status)
        return web.Response(status=201)

    async def probe(request: web.Request) -> web.Response:
        status, body = await asyncio.to_thread(health.respond, request.path)
        return web.Response(status=status, text=body, content_type="application/json")

    async def bind_loop(app: web.Application) -> None:
        server_loop.bind(asyncio.get_running_loop())

    async def drain(app: web.Application) -> None:
        # The listener is closed already; answers in flight still need the loop to be sent.
        app[STOP_REPORT]["report"] = await asyncio.to_thread(worker.stop, grace=settings.inbox.stop_grace_seconds)

    async def unbind_loop(app: web.Application) -> None:
        server_loop.bind(None)
        worker.stop(wait=False)

    app = web.Application()
    app[WORKER] = worker
    app[STOP_REPORT] = {}
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get(HEALTH_PATH, probe)
    app.router.add_get(READY_PATH, probe)
    app.on_startup.append(bind_loop)
    app.on_shutdown.append(drain)
    app.on_cleanup.append(unbind_loop)
    return app


def preflight(settings: Settings, host: str | None = None) -> BotCredentials:
    """Credentials checked against the address; raises CredentialsError, UnsafeBinding or ValueError."""
    credentials = credentials_from(settings)
    check_binding(host or settings.teams.host, credentials)
    service_url_policy(settings, credentials)      # ValueError naming a malformed teams.service_urls pattern
    return credentials


def run(settings: Settings, *, service: AnswerService, store: EscalationStore,
        host: str | None = None, port: int | None = None, credentials: BotCredentials | None = None,
        health: Health | None = None) -> str:
    """Serve until SIGTERM/SIGINT, then stop gracefully (the signal's name); pass the credentials
    `preflight` returned to skip checking twice."""
    host = host or settings.teams.host
    credentials = credentials or preflight(settings, host)
    app = create_app(settings, service=service, store=store, credentials=credentials, health=health)

    async def start_worker(app: web.Application) -> None:
        app[WORKER].start()       # after the loop is bound: recovered answers are sent proactively

    stop = StopRequest()

    async def on_signals(app: web.Application) -> None:
        loop = asyncio.get_running_loop()

        def stop_now(sig: int) -> None:
            stop(sig)
            raise GracefulExit()      # what aiohttp's own handler raises: close the listener, then shut down

        if threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                loop.add_signal_handler(sig, stop_now, sig)

    app.on_startup.append(start_worker)
    app.on_startup.append(on_signals)
    log.info("Teams bot listening on http://%s:%s%s", host, port or settings.teams.port, MESSAGES_PATH)
    web.run_app(app, host=host, port=port or settings.teams.port, print=None, handle_signals=False,
                shutdown_timeout=settings.inbox.stop_grace_seconds)
    log.info("PolicyBot stopped (%s): %s", stop.name, app[STOP_REPORT].get("report") or "nothing in flight")
    return stop.name


def teams_notifier(settings: Settings) -> TeamsNotifier:
    """A notifier for other processes (admin web UI, CLI): register it as "teams" in their NotifierRegistry."""
    credentials = credentials_from(settings)
    return TeamsNotifier(Proactive(make_adapter(credentials), credentials.APP_ID,
                                   service_url_policy(settings, credentials)))
