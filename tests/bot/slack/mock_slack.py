"""A threaded local HTTP server playing the Slack Web API (the way bolt-python's own tests do).

It records every call (path + parsed body) and answers with ok JSON shaped like Slack's.
Point a `WebClient(base_url=server.base_url)` at it; `response_url`s in payloads may point at
`server.base_url + "respond/..."` too. `fail[path] = "error_code"` makes a method fail.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

BOT_USER, BOT_ID, TEAM = "UBOT", "BBOT", "T1"
JSON_FIELDS = ("blocks", "view", "attachments")


class MockSlack:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.fail: dict[str, str] = {}
        self.usergroup_members = ["UGROUPADMIN"]
        self.socket_url = ""          # what apps.connections.open answers (a MockSocketMode's url)
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> "MockSlack":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- inspection -----------------------------------------------------------------------
    def bodies(self, path: str) -> list[dict]:
        with self._lock:
            return [body for p, body in self.calls if p == path]

    def wait_for(self, path: str, count: int = 1, *, where=None, timeout: float = 15) -> list[dict]:
        """Poll until `count` calls to `path` (matching `where`) were received; lazy listeners run in threads."""
        deadline = time.monotonic() + timeout
        while True:
            found = [b for b in self.bodies(path) if where is None or where(b)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [p for p, _ in self.calls]
                raise AssertionError(f"expected {count} call(s) to {path}, got {len(found)}; calls: {seen}")
            time.sleep(0.02)

    # -- the fake Web API -----------------------------------------------------------------
    def respond_to(self, path: str, body: dict) -> dict:
        if path in self.fail:
            return {"ok": False, "error": self.fail[path]}
        ts = f"1700000{next(self._ts):03d}.000100"
        if path == "/apps.connections.open":
            return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "invalid_auth"}
        if path == "/auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": TEAM, "user": "policybot",
                    "team": "Test District", "url": "https://test.slack.com/"}
        if path in ("/chat.postMessage", "/chat.update"):
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts") or ts,
                    "message": {"text": body.get("text", ""), "ts": ts}}
        if path == "/chat.getPermalink":
            return {"ok": True, "channel": body.get("channel"),
                    "permalink": f"https://test.slack.com/archives/{body.get('channel')}/p{body.get('message_ts')}"}
        if path == "/users.info":
            user = body.get("user", "")
            return {"ok": True, "user": {"id": user, "name": user.lower(),
                                         "profile": {"display_name": f"Name of {user}", "real_name": user}}}
        if path == "/usergroups.users.list":
            return {"ok": True, "users": list(self.usergroup_members)}
        if path == "/conversations.open":
            return {"ok": True, "channel": {"id": "DIM" + str(body.get("users", ""))}}
        if path.startswith("/views."):
            return {"ok": True, "view": {"id": "V1", **(body.get("view") or {})}}
        return {"ok": True}

    def _handler(self):
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                body = dict(parse_qsl(url.query))
                if raw and "json" in (self.headers.get("Content-Type") or ""):
                    body.update(json.loads(raw))
                elif raw:
                    body.update(dict(parse_qsl(raw)))
                for key in JSON_FIELDS:
                    if isinstance(body.get(key), str):
                        body[key] = json.loads(body[key])
                with mock._lock:
                    mock.calls.append((url.path, body))
                payload = json.dumps(mock.respond_to(url.path, body)).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _handle

        return Handler
