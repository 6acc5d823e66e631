"""Bot Framework authentication: every failure a 401 (never a 500), signing keys fetched off the event loop."""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.teams import signing_keys
from bot.teams.connection import BotCredentials
from tests.bot.teams.activities import activity
from tests.bot.teams.connector import TeamsHarness

APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
CREDENTIALS = BotCredentials(APP_ID=APP_ID, APP_PASSWORD="secret")
ISSUER = "https://api.botframework.com"


class KeyServer:
    """The Bot Framework's OpenID metadata and signing keys, on loopback; `stall` seconds before each answer."""

    def __init__(self):
        self.real_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stall = 0.0
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.hits.append(self.path)
                time.sleep(server.stall)
                if self.path == "/openid":
                    body = {"jwks_uri": server.url + "/keys"}
                else:
                    jwk = json.loads(RSAAlgorithm.to_jwk(server.real_key.public_key()))
                    body = {"keys": [{**jwk, "kid": "real-key", "endorsements": ["msteams"]}]}
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:          # the bot gave up waiting (stall tests)
                    pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def keys(monkeypatch):
    from botframework.connector.auth import AuthenticationConstants

    server = KeyServer()
    monkeypatch.setattr(AuthenticationConstants, "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL", server.url + "/openid")
    yield server
    server.stall = 0
    server.close()


def forged(kid: str = "real-key", *, key=None, **claims) -> str:
    """A token that looks like the Bot Framework's, signed with someone else's key."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    payload = {"iss": ISSUER, "aud": APP_ID, "exp": int(time.time()) + 600, "serviceurl": "x", **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def test_every_authentication_failure_is_a_401_without_a_traceback(settings, service, store, keys, caplog):
    caplog.set_level(logging.DEBUG)
    unsigned = jwt.encode({"iss": ISSUER, "aud": APP_ID}, key=None, algorithm="none")
    headers = [
        {},                                                       # no Authorization header
        {"Authorization": "Bearer abc"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer " + forged()},                  # right key id, wrong key
        {"Authorization": "Bearer " + forged("no-such-key")},     # unknown key id
        {"Authorization": "Bearer " + unsigned},                  # alg "none"
        {"Authorization": "Bearer " + forged(iss="https://evil.example")},
    ]

    async def scenario():
        async with TeamsHarness(settings, service, store, credentials=CREDENTIALS) as h:
            return [await h.exchange(activity(h.service_url, text="Can I post photos?"), **extra)
                    for extra in headers], h.connector.calls

    responses, calls = asyncio.run(scenario())
    assert [status for status, _ in responses] == [401] * len(headers)
    assert all("Traceback" not in str(body) for _, body in responses)
    assert calls == [] and service.asked == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "abc" not in logged.split() and "Can I post photos" not in logged


def test_a_stalled_key_fetch_holds_up_neither_the_loop_nor_other_requests(settings, service, store, keys,
                                                                          monkeypatch):
    monkeypatch.setattr(signing_keys, "FETCH_TIMEOUT_SECONDS", 1.0)
    keys.stall = 3.0
    finished: list[tuple[str, int]] = []

    async def scenario():
        async with TeamsHarness(settings, service, store, credentials=CREDENTIALS) as h:
            async def send(name: str, token: str, delay: float = 0.0):
                await asyncio.sleep(delay)
                status, _ = await h.exchange(activity(h.service_url, text="Can I post photos?"),
                                             Authorization="Bearer " + token)
                finished.append((name, status))

            await asyncio.gather(send("needs keys", forged()), send("malformed", "abc", delay=0.3))
            keys.stall = 0
            for _ in range(3):
                await send("cached", forged())

    asyncio.run(scenario())
    # The malformed token was refused while the key fetch was still stalled; the stalled one gave up with 503.
    assert finished[:2] == [("malformed", 401), ("needs keys", 503)]
    assert finished[2:] == [("cached", 401)] * 3
    # The stalled fetch was abandoned; the next request fetched the keys, and the two after it used the cache.
    assert keys.hits == ["/openid", "/openid", "/keys"]
