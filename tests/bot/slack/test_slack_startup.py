"""`policybot slack` against a Slack that refuses the token or cannot be reached; `slack.api_url` everywhere."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.application.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_api_url_comes_from_app_yaml_or_slack_api_url(tmp_path):
    config = tmp_path / "app.yaml"
    config.write_text("slack:\n  api_url: https://slack-gov.com/api\n", encoding="utf-8")
    assert load_settings(path=config, env={}).slack.api_url == "https://slack-gov.com/api/"
    env = {"SLACK_API_URL": "http://127.0.0.1:9/api/"}
    assert load_settings(path=config, env=env).slack.api_url == "http://127.0.0.1:9/api/"
    assert load_settings(path=tmp_path / "none.yaml", env={}).slack.api_url == ""


def test_every_web_client_uses_the_configured_api_url(tmp_path):
    from bot.slack.app import bot_client
    from bot.application.wiring import platform_notifiers

    env = {"SLACK_API_URL": "https://proxy.example.org/slack/api", "SLACK_BOT_TOKEN": "xoxb-1"}
    settings = load_settings(path=tmp_path / "none.yaml", env=env)
    assert bot_client(settings).base_url == "https://proxy.example.org/slack/api/"
    notifier = platform_notifiers(settings)._notifiers["slack"]
    assert notifier.client.base_url == "https://proxy.example.org/slack/api/"
    default = load_settings(path=tmp_path / "none.yaml", env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert bot_client(default).base_url == "https://slack.com/api/"


def run_slack(monkeypatch, tmp_path, api_url: str) -> int:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("SLACK_API_URL", api_url)
    return main(["--data-dir", str(tmp_path / "data"), "slack", "--mode", "http", "--host", "127.0.0.1",
                 "--port", str(free_port())])


def test_a_rejected_token_is_one_line_on_stderr_and_a_nonzero_exit(mock_slack, monkeypatch, tmp_path, capsys):
    mock_slack.fail["/auth.test"] = "invalid_auth"
    status = run_slack(monkeypatch, tmp_path, mock_slack.base_url)
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err
    assert err.splitlines() == [
        "policybot slack: Slack rejected SLACK_BOT_TOKEN (invalid_auth); copy the Bot User OAuth Token "
        "(xoxb-...) again"]
    assert not (tmp_path / "data").exists()           # failed before opening the store or loading the model


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/api/", "http://unresolvable.invalid/api/"])
def test_an_unreachable_slack_is_one_line_on_stderr_and_a_nonzero_exit(url, tmp_path):
    # A real process: what an operator sees on the terminal, logging included.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POLICYBOT_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="secret", SLACK_API_URL=url.format(port=free_port()),
               POLICYBOT_CONFIG=str(tmp_path / "none.yaml"))
    done = subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(tmp_path / "data"), "slack",
                           "--mode", "http", "--host", "127.0.0.1", "--port", str(free_port())],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1, done.stderr          # one line, no log lines, no traceback
    assert done.stderr.startswith("policybot slack: cannot reach Slack's Web API at http://")


def test_a_web_server_that_is_not_slack_is_named_in_one_line(tmp_path):
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    import threading

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POLICYBOT_"))}
    env.update(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="secret",
               SLACK_API_URL=f"http://127.0.0.1:{server.server_address[1]}/no-such-api/",
               POLICYBOT_CONFIG=str(tmp_path / "none.yaml"))
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(tmp_path / "data"),
                               "slack", "--mode", "http", "--port", str(free_port())],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1, done.stderr
    assert "is not Slack's Web API (HTTP 501, not Slack's JSON)" in done.stderr     # it refuses POST
