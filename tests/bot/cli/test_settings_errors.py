"""A bad app.yaml stops every entry point with one line naming the key, exit code 2, never a traceback."""
import subprocess
import sys

import pytest

from bot.cli.main import main
from tests.conftest import ROOT


def _policybot(*args, config, tmp_path):
    return subprocess.run([sys.executable, "-m", "bot.cli.main", "--config", str(config), "--data-dir",
                           str(tmp_path / "data"), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_bad_value_is_one_line_and_exit_2(tmp_path):
    config = tmp_path / "app.yaml"
    config.write_text("retrieval:\n  min_relevance: high\n", encoding="utf-8")
    proc = _policybot("ask", "can I text a student?", config=config, tmp_path=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (f"policybot ask: bad setting: {config}: retrieval.min_relevance: "
                           "expected a number, got 'high'\n")
    assert proc.stdout == ""


@pytest.mark.parametrize("command, text, key", [
    (["slack"], "slack:\n  ping_secs: 3\n", "slack.ping_secs: unknown setting"),
    (["teams"], "teams:\n  cloud: china\n", "teams.cloud: expected one of public, usgov, custom"),
    (["admin"], "admin:\n  secure_cookies: yes please\n", "admin.secure_cookies: expected true or false"),
    (["ingest", "policies"], "ingest: {context_vectors: fast}\n", "ingest.context_vectors: expected one of exact"),
    (["admin-user", "list"], "database_url: 5\n", "database_url: expected text (in quotes), got 5"),
])
def test_every_entry_point_says_it_in_one_line(tmp_path, capsys, command, text, key):
    config = tmp_path / "app.yaml"
    config.write_text(text, encoding="utf-8")
    assert main(["--config", str(config), "--data-dir", str(tmp_path / "data"), *command]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"policybot {command[0]}: bad setting: {config}: {key}" in err
    assert "Traceback" not in err
