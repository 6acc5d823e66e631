"""`policybot teams` when Microsoft rejects the credentials or its login service cannot be reached."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bot.cli.main import main

APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def login_service():
    """The Microsoft login token endpoint refusing a revoked client secret, as AAD does."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            seen.append({"path": self.path, **{k: v[0] for k, v in form.items()}})
            payload = json.dumps({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client "
                                  "secret provided.", "error_codes": [7000215]}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", seen
    server.shutdown()
    server.server_close()


def run_teams(monkeypatch, tmp_path, login_prefix: str) -> int | None:
    """`policybot teams` in a thread (today it would serve forever): its exit code, or None if still running."""
    from botframework.connector.auth import AuthenticationConstants

    monkeypatch.setattr(AuthenticationConstants, "TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX", login_prefix)
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    monkeypatch.setenv("MicrosoftAppPassword", "revoked-secret")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant-kimberly")
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main([
        "--data-dir", str(tmp_path / "data"), "teams", "--host", "127.0.0.1", "--port", str(free_port())])),
        daemon=True)
    thread.start()
    thread.join(timeout=60)
    return result[0] if result else None


def test_rejected_credentials_are_one_line_on_stderr_and_a_nonzero_exit(login_service, monkeypatch, tmp_path,
                                                                          capsys):
    url, seen = login_service
    status = run_teams(monkeypatch, tmp_path, url)
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err and "revoked-secret" not in err
    assert [line for line in err.splitlines() if line.startswith("policybot teams")] == [
        "policybot teams: Microsoft rejected the bot's credentials (invalid_client); check MicrosoftAppId, "
        "MicrosoftAppPassword and MicrosoftAppTenantId"]
    assert seen[0]["path"] == "/tenant-kimberly/oauth2/v2.0/token" and seen[0]["client_id"] == APP_ID
    assert not (tmp_path / "data").exists()           # failed before opening the store or loading the model


def test_an_unreachable_login_service_is_one_line_on_stderr_and_a_nonzero_exit(monkeypatch, tmp_path, capsys):
    status = run_teams(monkeypatch, tmp_path, f"http://127.0.0.1:{free_port()}/")
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("policybot teams")]
    assert len(lines) == 1
    assert lines[0].startswith("policybot teams: cannot reach the Microsoft login service at 127.0.0.1:")


def test_a_malformed_service_url_pattern_is_named_in_one_line(tmp_path, monkeypatch, capsys):
    config = tmp_path / "app.yaml"
    config.write_text("teams:\n  service_urls: ['smba.example.org']\n", encoding="utf-8")
    monkeypatch.setenv("POLICYBOT_CONFIG", str(config))
    assert main(["--data-dir", str(tmp_path / "data"), "teams", "--host", "127.0.0.1"]) == 2
    assert capsys.readouterr().err == (f"policybot teams: bad setting: {config}: teams.service_urls[0]: expected an "
                                       "http(s) URL pattern, e.g. https://*.example.org/, got 'smba.example.org'\n")
