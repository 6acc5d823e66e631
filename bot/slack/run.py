"""Serving the bolt App: Socket Mode (default, SLACK_APP_TOKEN) or HTTP (POST /slack/events).

HTTP mode wraps the App in bolt's WSGI adapter and serves it from a threaded stdlib WSGI server,
so slow Web API calls in one request never hold up another's 3-second ack.
"""
from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.app import SlackConfigError
from knowledge.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):   # route access logs through logging, not stderr
        log.debug("%s - %s", self.address_string(), format % args)


def http_server(app: App, host: str, port: int) -> WSGIServer:
    """A threaded server answering POST /slack/events (port 0 picks a free port)."""
    return make_server(host, port, SlackRequestHandler(app, path=EVENTS_PATH),
                       server_class=ThreadingWSGIServer, handler_class=QuietHandler)


def serve(app: App, settings: Settings, *, host: str = "0.0.0.0") -> None:
    """Block serving Slack in the configured mode until interrupted."""
    if settings.slack.mode == "socket":
        app_token = settings.secret("SLACK_APP_TOKEN")
        if not app_token:
            raise SlackConfigError("SLACK_APP_TOKEN (xapp-..., scope connections:write) is required in socket mode")
        log.info("PolicyBot connecting to Slack in Socket Mode")
        SocketModeHandler(app, app_token).start()
    elif settings.slack.mode == "http":
        server = http_server(app, host, settings.slack.port)
        log.info("PolicyBot listening on http://%s:%s%s", host, settings.slack.port, EVENTS_PATH)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    else:
        raise SlackConfigError(f"slack.mode must be 'socket' or 'http', not {settings.slack.mode!r}")
