"""The authenticated `policybot teams` process against a local token service (`teams.cloud: custom`).

The service on loopback plays Microsoft's side: the token endpoint the bot gets its own token
from at start, and the OpenID metadata and signing keys of the channel's tokens. Requests with
no token, a forged one (right key id, wrong key), an expired one or one from another issuer are
refused with 401; a valid one is accepted. Also: which endpoints each `teams.cloud` selects.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.teams.cloud_credentials import PUBLIC, USGOV, cloud_endpoints
from bot.teams.connection import credentials_from, make_adapter, token_url
from bot.application.settings import Settings, load_settings
from bot.teams.settings import TeamsSettings
from tests.bot.live import BotProcess, free_port, json_body, post, write_config
from tests.bot.teams.activities import activity

APP_ID = "5a6c1c2e-1111-4222-8333-944455556666"
TENANT = "tenant-local"
ISSUER = "https://issuer.test.local"
SERVICE_URL = "https://smba.trafficmanager.net/amer/"


class TokenService:
    """Token endpoint (POST /token), OpenID metadata (/openid) and signing keys (/keys) on loopback."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.token_requests: list[dict] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body: dict, status: int = 200):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                if self.path == "/openid":
                    self._json({"issuer": ISSUER, "jwks_uri": service.url + "/keys"})
                else:
                    jwk = json.loads(RSAAlgorithm.to_jwk(service.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "use": "sig"}]})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                service.token_requests.append(form)
                if form.get("client_secret") != "secret":
                    return self._json({"error": "invalid_client"}, 401)
                self._json({"access_token": "bot-token", "token_type": "Bearer", "expires_in": 3600})

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def token(self, *, key=None, **claims) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": APP_ID, "nbf": now - 10, "exp": now + 600, "serviceurl": SERVICE_URL, **claims}
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": "k1"})

    def close(self):
        self.http.shutdown()
        self.http.server_close()


def custom_teams(service_url: str, **more) -> dict:
    return {"cloud": "custom", "token_endpoint": service_url + "/token", "openid_metadata": service_url + "/openid",
            "token_issuer": ISSUER, **more}


@pytest.mark.integration
def test_the_authenticated_process_refuses_bad_tokens_with_401_and_accepts_a_valid_one(bundled_data, tmp_path):
    tokens = TokenService()
    port = free_port()
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    config = write_config(tmp_path / "app.yaml", database_url=db_url,
                          teams=custom_teams(tokens.url, host="127.0.0.1", port=port))
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url,
           "MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "secret", "MicrosoftAppTenantId": TENANT}
    bot = BotProcess(["teams", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "bot.log", port)
    try:
        bot.start().wait_ready()
        [start] = tokens.token_requests                     # the start-up check used the configured endpoint
        assert start["client_id"] == APP_ID and start["scope"] == f"{ISSUER}/.default"

        # Nothing the bot would answer or send: a conversation update with nobody added.
        update = activity(SERVICE_URL, text=None, kind="conversationUpdate", membersAdded=[])
        url = bot.url + "/api/messages"

        def send(token: str | None, body: dict = update) -> int:
            headers = {"Content-Type": "application/json"}
            if token is not None:
                headers["Authorization"] = "Bearer " + token
            return post(url, json_body(body), headers)[0]

        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        statuses = {
            "missing": send(None),
            "forged": send(tokens.token(key=other_key)),
            "expired": send(tokens.token(exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200)),
            "wrong issuer": send(tokens.token(iss="https://api.botframework.com")),
            "wrong audience": send(tokens.token(aud="another-app")),
            "valid": send(tokens.token()),
            "valid, bad shape": send(tokens.token(), {**update, "text": {"a": 1}}),
            "bad shape, no token": send(None, {**update, "text": {"a": 1}}),
        }
        assert statuses == {"missing": 401, "forged": 401, "expired": 401, "wrong issuer": 401,
                            "wrong audience": 401, "valid": 201, "valid, bad shape": 200, "bad shape, no token": 401}
        log = bot.log()
        assert "Traceback" not in log and "login.microsoftonline.com" not in log
    finally:
        bot.stop()
        tokens.close()


def test_a_wrong_password_against_the_custom_token_endpoint_exits_3(tmp_path):
    import os
    import subprocess
    import sys

    from tests.bot.live import ROOT

    tokens = TokenService()
    try:
        config = write_config(tmp_path / "app.yaml", teams=custom_teams(tokens.url))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "POLICYBOT_"))}
        env.update(POLICYBOT_CONFIG=str(config), MicrosoftAppId=APP_ID, MicrosoftAppPassword="wrong")
        done = subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(tmp_path / "data"), "teams",
                               "--port", str(free_port())], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
    finally:
        tokens.close()
    assert done.returncode == 3
    assert "Microsoft rejected the bot's credentials (invalid_client)" in done.stderr
    assert len(tokens.token_requests) == 1


def test_each_cloud_selects_its_endpoints():
    env = {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "p", "MicrosoftAppTenantId": TENANT}
    public = credentials_from(Settings(env=env))
    assert public.cloud is PUBLIC
    assert token_url(public) == f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"
    assert getattr(public, "CHANNEL_SERVICE", None) is None

    gov = credentials_from(Settings(env=env, teams=TeamsSettings(cloud="usgov")))
    assert gov.cloud is USGOV
    assert token_url(gov) == f"https://login.microsoftonline.us/{TENANT}/oauth2/v2.0/token"
    assert gov.CHANNEL_SERVICE == "https://botframework.azure.us"
    assert type(make_adapter(gov).bot_framework_authentication._inner).__name__ == (
        "_GovernmentCloudBotFrameworkAuthentication")

    custom = credentials_from(Settings(env=env, teams=TeamsSettings(**custom_teams("http://127.0.0.1:9"))))
    assert token_url(custom) == "http://127.0.0.1:9/token"
    assert custom.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER == ISSUER
    assert custom.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL == "http://127.0.0.1:9/openid"
    assert type(make_adapter(custom).bot_framework_authentication._inner).__name__ == (
        "_ParameterizedBotFrameworkAuthentication")


def test_the_cloud_setting_is_checked(tmp_path):
    assert cloud_endpoints(TeamsSettings()) is PUBLIC
    with pytest.raises(ValueError, match="teams.cloud: expected one of public, usgov, custom, got 'china'"):
        TeamsSettings(cloud="china")
    with pytest.raises(ValueError, match="teams.cloud: custom needs teams.token_endpoint, teams.openid_metadata"):
        TeamsSettings(cloud="custom", token_issuer=ISSUER)
    config = tmp_path / "app.yaml"
    config.write_text("teams:\n  cloud: usgov\n", encoding="utf-8")
    assert load_settings(path=config, env={}).teams.cloud == "usgov"
