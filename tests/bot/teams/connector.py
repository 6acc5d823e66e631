"""A local aiohttp server playing the Bot Connector, and a harness that runs the bot server against it.

The connector records every call the bot makes (POST new activities and
replies, PUT updates) and answers with an activity id, as the real service
does. The bot server runs unauthenticated on 127.0.0.1, as allowed for tests.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer

from bot.application.escalations.notify import NotifierRegistry
from bot.teams.connection import BotCredentials
from bot.teams.server import create_app

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
FORBIDDEN = "19:forbidden"     # conversations the bot has been removed from: the connector answers 403


@dataclass
class Call:
    method: str
    conversation: str
    activity_id: str | None     # the activity replied to (POST) or replaced (PUT)
    body: dict
    created_id: str

    @property
    def card(self) -> dict:
        attachments = self.body.get("attachments") or []
        assert attachments and attachments[0]["contentType"] == ADAPTIVE, self.body
        return attachments[0]["content"]

    @property
    def text(self) -> str:
        return self.body.get("text") or ""


@dataclass
class FakeBotConnector:
    calls: list[Call] = field(default_factory=list)
    typing: list[Call] = field(default_factory=list)     # typing indicators, kept apart from real replies
    _ids = itertools.count(1)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._record)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity_id}", self._record)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity_id}", self._record)
        return app

    async def _record(self, request: web.Request) -> web.Response:
        if request.match_info["conversation"].startswith(FORBIDDEN):
            return web.json_response({"error": {"code": "BotNotInConversationRoster"}}, status=403)
        created = f"activity-{next(self._ids)}"
        body = await request.json()
        call = Call(request.method, request.match_info["conversation"], request.match_info.get("activity_id"),
                    body, created)
        (self.typing if body.get("type") == "typing" else self.calls).append(call)
        return web.json_response({"id": created})

    def posts(self, conversation: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == "POST" and conversation in (None, c.conversation)]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]


class TeamsHarness:
    """`async with TeamsHarness(settings, service, store) as h:` then `await h.post(activity_json)`."""

    def __init__(self, settings, service, store, notifiers: NotifierRegistry | None = None,
                 credentials: BotCredentials | None = None):
        self.connector = FakeBotConnector()
        self.notifiers = notifiers or NotifierRegistry()
        self._bot_app = create_app(settings, service=service, store=store, credentials=credentials or BotCredentials(),
                                   notifiers=self.notifiers)

    async def __aenter__(self) -> "TeamsHarness":
        self._connector_server = TestServer(self.connector.app(), host="127.0.0.1")
        self._bot_server = TestServer(self._bot_app, host="127.0.0.1")
        await self._connector_server.start_server()
        await self._bot_server.start_server()
        self._session = ClientSession()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._session.close()
        await self._bot_server.close()
        await self._connector_server.close()

    @property
    def proactive(self):
        """The bot server's own `Proactive` (its adapter and middleware), to send as a late answer would."""
        return self.notifiers.get("teams").proactive

    @property
    def service_url(self) -> str:
        return str(self._connector_server.make_url("/"))

    async def post(self, activity: dict | str, content_type: str = "application/json", **headers) -> int:
        """POST to /api/messages; returns the status once the bot's turn (and its replies) is done."""
        data = activity if isinstance(activity, str) else json.dumps(activity)
        async with self._session.post(self._bot_server.make_url("/api/messages"), data=data,
                                      headers={"Content-Type": content_type, **headers}) as response:
            await response.read()
            return response.status

    async def exchange(self, activity: dict | str, content_type: str = "application/json",
                       **headers) -> tuple[int, object]:
        """Like `post`, also returning the response body (JSON when it is JSON): invoke responses."""
        data = activity if isinstance(activity, str) else json.dumps(activity)
        async with self._session.post(self._bot_server.make_url("/api/messages"), data=data,
                                      headers={"Content-Type": content_type, **headers}) as response:
            raw = await response.read()
            try:
                return response.status, json.loads(raw)
            except ValueError:
                return response.status, raw.decode("utf-8", "replace")
