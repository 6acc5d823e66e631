"""Server-side sessions for the admin UI: the cookie carries only a random session id.

`ServerSessionMiddleware` gives every request `request.session`, a plain dict:
- with a live session cookie, the session's stored data (CSRF token, flash
  message) plus "user", loaded from the database (`AdminSessions`);
- otherwise an anonymous session holding at most the login form's CSRF token,
  which lives in its own random cookie (double submit), so that anonymous
  visitors never create database rows.
When the response starts, changes to a logged-in session are written back.
`begin(request, username)` (at login) replaces whatever session there was with a
fresh one; `end(request)` (at logout) deletes every session of that user. Cookies are HttpOnly,
SameSite=Lax, and Secure when the settings or the request's scheme ask for it.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Callable

import logging
from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse

from bot.application.errors import StorageFault, storage_fault
from bot.application.escalations.admin_sessions import AdminSessions

log = logging.getLogger(__name__)

SESSION_COOKIE = "policybot_admin"
CSRF_COOKIE = "policybot_csrf"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass
class _State:
    session_id: str | None = None     # the live session this request came with (or began)
    saved: dict | None = None         # its data as stored, to spot changes
    began: bool = False
    ended: bool = False
    anonymous_csrf: str | None = None


class ServerSessionMiddleware:
    def __init__(self, app, *, sessions: AdminSessions, secure: Callable[[dict], bool]):
        self.app = app
        self.sessions = sessions
        self.secure = secure          # scope -> whether cookies get the Secure flag

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path", "").startswith("/static/"):
            await self.app(scope, receive, send)     # the stylesheet needs no session (nor a database read)
            return
        cookies = HTTPConnection(scope).cookies
        state = _State()
        try:
            record = await run_in_threadpool(self.sessions.load, cookies.get(SESSION_COOKIE))
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            log.error("%s %s: %s", scope.get("method"), scope.get("path"), fault.message())
            await storage_unavailable(fault)(scope, receive, send)
            return
        if record is not None:
            state.session_id = cookies[SESSION_COOKIE]
            state.saved = dict(record.data)
            session = {**record.data, "user": record.username}
        else:
            token = cookies.get(CSRF_COOKIE, "")
            state.anonymous_csrf = token if _TOKEN.fullmatch(token) else None
            session = {"csrf": state.anonymous_csrf} if state.anonymous_csrf else {}
        scope["session"] = session
        scope["policybot.session"] = state
        stale_cookie = SESSION_COOKIE in cookies and record is None

        async def send_with_cookies(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                secure = self.secure(scope)
                await self._finish(state, session, headers, secure, stale_cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookies)

    async def _finish(self, state: _State, session: dict, headers: MutableHeaders, secure: bool,
                      stale_cookie: bool) -> None:
        data = {k: v for k, v in session.items() if k != "user"}
        if state.ended or (stale_cookie and not state.began):
            headers.append("set-cookie", _cookie(SESSION_COOKIE, "", secure, max_age=0))
        if state.began:
            headers.append("set-cookie", _cookie(SESSION_COOKIE, state.session_id, secure,
                                                 max_age=int(self.sessions.max_seconds)))
            if state.anonymous_csrf:
                headers.append("set-cookie", _cookie(CSRF_COOKIE, "", secure, max_age=0))
        elif state.session_id and not state.ended and data != state.saved:
            try:
                await run_in_threadpool(self.sessions.save, state.session_id, data)
            except Exception as exc:     # a flash message lost to a storage fault is not worth the page
                if storage_fault(exc) is None:
                    raise
                log.error("session not saved: %s", storage_fault(exc).message())
        elif state.session_id is None and not state.ended:
            token = session.get("csrf")
            if token and token != state.anonymous_csrf:
                headers.append("set-cookie", _cookie(CSRF_COOKIE, token, secure))


def storage_unavailable(fault: StorageFault) -> HTMLResponse:
    """The 503 page for a storage fault: one line of what happened (details go to the log), no traceback."""
    return HTMLResponse(f"<!doctype html><title>Storage unavailable</title><h1>Storage unavailable</h1>"
                        f"<p>PolicyBot cannot use its storage right now: {escape(fault.summary)}. "
                        "Tell whoever runs this server.</p>", status_code=503,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                                 "Content-Security-Policy": "default-src 'none'"})


def _cookie(name: str, value: str, secure: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def _state(request: Request) -> _State:
    return request.scope["policybot.session"]


def begin(request: Request, username: str) -> None:
    """Log `username` in: end the request's old session (if any) and start a new one, with a new CSRF token."""
    sessions: AdminSessions = request.app.state.sessions
    state = _state(request)
    if state.session_id:
        sessions.end(state.session_id)
    data = {"csrf": secrets.token_urlsafe(32)}
    state.session_id = sessions.create(username, data)
    state.saved, state.began, state.ended = dict(data), True, False
    request.session.clear()
    request.session.update(data, user=username)


def end(request: Request) -> None:
    """Log out: every session of this user is deleted server-side, so no copy of any of their cookies works."""
    state = _state(request)
    user = request.session.get("user")
    if user:
        request.app.state.sessions.end_all(user)
    elif state.session_id:
        request.app.state.sessions.end(state.session_id)
    state.ended, state.began = True, False
    request.session.clear()
