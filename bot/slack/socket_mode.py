"""Socket Mode on the `websockets` library: a dead connection is noticed in seconds and replaced.

slack_sdk's built-in client spins on empty reads when the server drops the TCP connection without
a close frame, and only reconnects after five failed pings 10 s apart (about 54 s, a core busy all
along). Here:

- `apps.connections.open` goes through the bot's WebClient (so `slack.api_url`, proxies and
  NO_PROXY apply) with the app-level token, and gives a fresh WebSocket URL each time;
- the WebSocket is pinged every `slack.ping_seconds`; no pong within as long closes it, so a
  silent network cut is noticed in about two periods; a drop or a reset ends the read at once;
- a new connection is opened at once after a working one ends, then with a short backoff (capped
  at `MAX_BACKOFF` seconds) while Slack cannot be reached; nothing loops while waiting;
- `hello` and `disconnect` (`refresh_requested`, `warning`: reconnect now; `link_disabled`: stop)
  are handled; anything that is not an envelope is logged as bad input and dropped;
- each envelope is checked (shapes.py) and dispatched to the bolt App in a thread pool (with
  `retry_attempt` as the HTTP retry headers, as bolt's own adapter does) and acknowledged when bolt's ack has run, so the
  receive loop never waits on a listener. Listeners store questions before their ack, so an ack
  always means "stored".
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import websockets
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.application.errors import first_line
from bot.application.stopping import STOP_SIGNALS, StopRequest
from bot.slack.shapes import dispatch_socket

log = logging.getLogger(__name__)

DISPATCH_THREADS = 32
MAX_BACKOFF = 5.0             # seconds between attempts while Slack cannot be reached
OPEN_TIMEOUT = 10.0           # the WebSocket handshake
MAX_MESSAGE = 4 * 1024 * 1024
# apps.connections.open answers that retrying cannot fix.
FATAL_OPEN_ERRORS = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
                     "not_allowed_token_type", "missing_scope"}
ACKED_STATUSES = (200, 404)   # 404: no listener wants it; a resend would change nothing


def backoff(failures: int) -> float:
    """Seconds before the next attempt: 0 after a working connection ended, then 0.5, 1, 2, 4, 5, 5..."""
    return 0.0 if failures <= 0 else min(MAX_BACKOFF, 0.5 * 2 ** (failures - 1))


def request_of(message: dict) -> SocketModeRequest | None:
    """The envelope as slack_sdk's request, or None when its shape is wrong (logged by the caller)."""
    envelope_id, kind, payload = message.get("envelope_id"), message.get("type"), message.get("payload")
    if not isinstance(envelope_id, str) or not envelope_id or not isinstance(kind, str) or not isinstance(payload, dict):
        return None
    retry_attempt = message.get("retry_attempt")
    retry_reason = message.get("retry_reason")
    return SocketModeRequest(type=kind, envelope_id=envelope_id, payload=payload,
                             accepts_response_payload=message.get("accepts_response_payload") is True,
                             retry_attempt=retry_attempt if isinstance(retry_attempt, int) and not isinstance(
                                 retry_attempt, bool) else None,
                             retry_reason=retry_reason if isinstance(retry_reason, str) else None)


def ack_of(envelope_id: str, status: int, body: str, content_type: str) -> dict:
    """The acknowledgement of one envelope, with bolt's response payload (a slash command's text, a modal's errors)."""
    ack: dict = {"envelope_id": envelope_id}
    if status == 200 and body:
        if content_type.startswith("application/json"):
            try:
                ack["payload"] = json.loads(body)
            except ValueError:
                ack["payload"] = {"text": body}
        else:
            ack["payload"] = {"text": body}
    return ack


class SocketModeClient:
    """Keeps one Socket Mode connection to Slack open for a bolt App until `stop()` (or SIGTERM/SIGINT)."""

    def __init__(self, app: App, app_token: str, *, web_client: WebClient | None = None, ping_seconds: float = 2.0,
                 threads: int = DISPATCH_THREADS):
        self.app = app
        self.app_token = app_token
        self.web_client = web_client or app.client
        self.ping_seconds = float(ping_seconds)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="slack-socket")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws = None
        self._stopping: asyncio.Event | None = None
        self.stop_request = StopRequest()
        self.connected = threading.Event()     # set while a connection is open and greeted (tests, health)
        self.connections = 0                   # connections opened so far

    # -- life cycle ------------------------------------------------------------------------
    def run(self, *, handle_signals: bool = False) -> str:
        """Serve until stopped; the name of the signal that stopped it ("no signal" after `stop()`).

        Raises SlackApiError when the first `apps.connections.open` is refused (a wrong app token),
        and the underlying error when the Web API cannot be reached at all at start.
        """
        try:
            asyncio.run(self._main(handle_signals))
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)
        return self.stop_request.name

    def stop(self) -> None:
        """Close the connection and end `run` (thread-safe)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._begin_stop)
            except RuntimeError:      # the loop has just closed
                pass

    def _begin_stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        if self._ws is not None:
            asyncio.ensure_future(self._ws.close())

    def _on_signal(self, sig: int) -> None:
        self.stop_request(sig)
        self._begin_stop()

    async def _main(self, handle_signals: bool) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        if handle_signals and threading.current_thread() is threading.main_thread():
            for sig in STOP_SIGNALS:
                self._loop.add_signal_handler(sig, self._on_signal, sig)
        failures, first = 0, True
        try:
            while not self._stopping.is_set():
                try:
                    url = await self._loop.run_in_executor(self._pool, self._open_url)
                except Exception as err:
                    if first or _fatal(err):
                        raise
                    failures += 1
                    _outage_log(failures)("cannot open a Socket Mode connection (%s); trying again in %.1f s",
                                          _reason(err), backoff(failures))
                    await self._pause(backoff(failures))
                    continue
                first = False
                greeted = await self._session(url, quiet=_outage_log(failures + 1) is not log.warning)
                failures = 0 if greeted else failures + 1
                if not self._stopping.is_set() and failures:
                    await self._pause(backoff(failures))
        finally:
            self.connected.clear()
            if handle_signals and threading.current_thread() is threading.main_thread():
                for sig in STOP_SIGNALS:
                    self._loop.remove_signal_handler(sig)

    async def _pause(self, seconds: float) -> None:
        if seconds > 0:
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
            except asyncio.TimeoutError:
                pass

    def _open_url(self) -> str:
        response = self.web_client.apps_connections_open(app_token=self.app_token)
        url = response.get("url") if isinstance(response.data, dict) else None
        if not isinstance(url, str) or not url.startswith(("wss://", "ws://")):
            raise SlackApiError("apps.connections.open gave no WebSocket URL", response)
        return url

    # -- one connection --------------------------------------------------------------------
    async def _session(self, url: str, quiet: bool = False) -> bool:
        """Read one connection until it ends; whether Slack greeted it (`hello`). `quiet`: a failure to
        connect is logged at DEBUG (an outage is told once a minute, not every attempt)."""
        greeted = False
        started = time.monotonic()
        try:
            async with websockets.connect(url, ping_interval=self.ping_seconds, ping_timeout=self.ping_seconds,
                                          close_timeout=1, open_timeout=OPEN_TIMEOUT, max_size=MAX_MESSAGE,
                                          user_agent_header="PolicyBot") as ws:
                self._ws = ws
                self.connections += 1
                if self._stopping.is_set():
                    return False
                async for raw in ws:
                    verdict = self._on_message(raw)
                    if verdict == "hello":
                        greeted = True
                        self.connected.set()
                    elif verdict == "reconnect":
                        break
                    elif verdict == "stop":
                        self._stopping.set()
                        break
                else:
                    if not self._stopping.is_set():
                        log.warning("Slack closed the Socket Mode connection after %.0f s (%s); reconnecting",
                                    time.monotonic() - started, _close_reason(ws.close_exc))
        except websockets.ConnectionClosed as closed:
            if not self._stopping.is_set():
                log.warning("the Socket Mode connection was lost after %.0f s (%s); reconnecting",
                            time.monotonic() - started, _close_reason(closed))
        except (OSError, asyncio.TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI) as err:
            if not self._stopping.is_set():
                (log.debug if quiet else log.warning)("cannot connect to Slack's Socket Mode WebSocket (%s)",
                                                      _reason(err))
        finally:
            self._ws = None
            self.connected.clear()
        return greeted

    def _on_message(self, raw) -> str:
        """Handle one WebSocket message: "hello", "reconnect", "stop", or "" (an envelope, or bad input)."""
        try:
            message = json.loads(raw)
        except (TypeError, ValueError):
            log.warning("bad input: a Socket Mode message that is not JSON was dropped")
            return ""
        if not isinstance(message, dict):
            log.warning("bad input: a Socket Mode message that is not an object was dropped")
            return ""
        kind = message.get("type")
        if kind == "hello":
            log.info("connected to Slack in Socket Mode")
            return "hello"
        if kind == "disconnect":
            reason = message.get("reason")
            if reason == "link_disabled":
                log.error("Slack disabled Socket Mode for this app (link_disabled); stopping")
                return "stop"
            log.info("Slack asked for a new connection (%s); reconnecting", reason if isinstance(reason, str) else "?")
            return "reconnect"
        request = request_of(message)
        if request is None:
            envelope_id = message.get("envelope_id")
            if isinstance(envelope_id, str) and envelope_id:
                self._send({"envelope_id": envelope_id})      # acknowledged, so Slack does not resend it
            log.warning("bad input: a Socket Mode envelope of the wrong shape (type %r) was acknowledged and dropped",
                        kind if isinstance(kind, str) else type(kind).__name__)
            return ""
        self._pool.submit(self._dispatch, request)
        return ""

    def _dispatch(self, request: SocketModeRequest) -> None:
        try:
            response = dispatch_socket(self.app, request)
        except Exception:
            log.exception("dispatching a Socket Mode %s envelope failed; Slack will resend it", request.type)
            return
        if response.status not in ACKED_STATUSES:
            log.info("a Socket Mode %s envelope was not acknowledged (status %s); Slack will resend it",
                     request.type, response.status)
            return
        content_type = (response.headers.get("content-type") or [""])[0]
        self._send(ack_of(request.envelope_id, response.status, response.body or "", content_type))

    def _send(self, message: dict) -> None:
        """Send on the current connection from any thread; dropped when there is none (Slack resends)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        text = json.dumps(message)

        def send() -> None:
            ws = self._ws
            if ws is not None:
                asyncio.ensure_future(_quiet_send(ws, text))

        try:
            loop.call_soon_threadsafe(send)
        except RuntimeError:
            pass


async def _quiet_send(ws, text: str) -> None:
    try:
        await ws.send(text)
    except websockets.ConnectionClosed:
        pass      # the envelope is resent by Slack on the next connection; the inbox drops the duplicate


OUTAGE_REPORT_EVERY = 12     # failed attempts (about a minute at the capped backoff)


def _outage_log(failures: int):
    """WARNING for the first failed attempt and then about once a minute; DEBUG in between."""
    return log.warning if failures <= 1 or failures % OUTAGE_REPORT_EVERY == 0 else log.debug


def _fatal(err: Exception) -> bool:
    if isinstance(err, SlackApiError) and isinstance(getattr(err.response, "data", None), dict):
        return str(err.response.get("error") or "") in FATAL_OPEN_ERRORS
    return False


def _reason(err: BaseException) -> str:
    if isinstance(err, SlackApiError) and isinstance(getattr(err.response, "data", None), dict):
        return str(err.response.get("error") or "refused")
    text = first_line(str(err))
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _close_reason(closed: websockets.ConnectionClosed) -> str:
    received = closed.rcvd
    if received is None:
        if closed.sent is None:
            return "dropped without a close frame"
        return f"closed here: {closed.sent.code}" + (f" {closed.sent.reason}" if closed.sent.reason else "")
    return f"closed by Slack: {received.code}" + (f" {received.reason}" if received.reason else "")


__all__ = ["SocketModeClient", "backoff", "request_of", "ack_of"]
