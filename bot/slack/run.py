"""Serving the bolt App: Socket Mode (default, SLACK_APP_TOKEN) or HTTP (POST /slack/events).

Socket Mode is our own client (socket_mode.py), which notices a dead connection in seconds.
Both modes stop gracefully on SIGTERM/SIGINT: no new events, answers in flight finish (or are
handed back to the inbox after `inbox.stop_grace_seconds`), one log line, exit 0.

HTTP mode runs on uvicorn through bolt's ASGI adapter. That adapter calls the (synchronous)
`App.dispatch` right on the event loop, which would let one slow request hold up every other
ack; `ThreadedHandler` runs each dispatch in a thread pool instead, so the loop keeps accepting
(uvicorn's backlog is 2048, not the stdlib server's 5). `GET /healthz` and `GET /readyz` are
answered next to the events path. Before serving, the model is warmed and the inbox worker
started (it also answers what a crashed run left unanswered).
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.response import BoltResponse

from bot.application.health import Health
from bot.slack.app import SlackConfigError
from bot.slack.shapes import dispatch_http
from bot.application.stopping import serve_uvicorn
from bot.application.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DISPATCH_THREADS = 32     # concurrent acks in flight; each is a short database write


class ThreadedHandler(SlackRequestHandler):
    """bolt's ASGI handler, dispatching off the event loop, plus the health endpoints."""

    def __init__(self, app: App, health: Health, path: str = EVENTS_PATH, threads: int = DISPATCH_THREADS):
        super().__init__(app, path=path)
        self.health = health
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="slack-dispatch")

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        body, query, headers = await request.get_raw_body(), request.query_string, request.get_headers()
        return await asyncio.get_running_loop().run_in_executor(
            self._pool, lambda: dispatch_http(self.app, body=body, query=query, headers=headers))

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method in ("GET", "HEAD"):
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(self._pool, self.health.respond, path)
            if answer is not None:
                status, body = answer
                return AsgiHttpResponse(status=status, headers={"content-type": ["application/json"]}, body=body)
        return await super()._get_http_response(method, path, request)


def asgi_app(app: App, health: Health) -> ThreadedHandler:
    return ThreadedHandler(app, health)


def serve(app: App, settings: Settings, *, host: str = "0.0.0.0", health: Health | None = None) -> str:
    """Serve Slack in the configured mode until SIGTERM/SIGINT, then stop gracefully; the signal's name."""
    from bot.slack.socket_mode import SocketModeClient

    if settings.slack.mode == "socket":
        app_token = settings.secret("SLACK_APP_TOKEN")
        if not app_token:
            raise SlackConfigError("SLACK_APP_TOKEN (xapp-..., scope connections:write) is required in socket mode")
        deps = app.policybot
        deps.worker.start()
        log.info("PolicyBot connecting to Slack in Socket Mode")
        client = SocketModeClient(app, app_token, web_client=deps.client, ping_seconds=settings.slack.ping_seconds)
        try:
            stopped_by = client.run(handle_signals=True)
        except BaseException:
            deps.worker.stop(grace=0)
            raise
    elif settings.slack.mode == "http":
        deps = app.policybot
        deps.worker.start()
        log.info("PolicyBot listening on http://%s:%s%s", host, settings.slack.port, EVENTS_PATH)
        stopped_by = serve_uvicorn(asgi_app(app, health or Health(store=deps.store)), host=host,
                                   port=settings.slack.port, log_level="warning", access_log=False,
                                   timeout_graceful_shutdown=5)
    else:
        raise SlackConfigError(f"slack.mode must be 'socket' or 'http', not {settings.slack.mode!r}")
    report = deps.worker.stop(grace=settings.inbox.stop_grace_seconds)
    log.info("PolicyBot stopped (%s): %s", stopped_by, report)
    return stopped_by
