"""`policybot ingest`: the report on stdout, the progress bar on a terminal's stderr only, --quiet."""
import io
import shutil
import sys

import pytest

from bot.cli.main import main
from tests.conftest import BUNDLED


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def policy(tmp_path):
    path = tmp_path / "in" / "kimberly.txt"
    path.parent.mkdir()
    shutil.copy(BUNDLED / "kimberly-5290-employee-use-of-social-media.txt", path)
    return path


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_on_a_terminal_unless_quiet(tmp_path, policy, capsys, monkeypatch, quiet):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    args = ["--data-dir", str(tmp_path / "data"), "ingest", "--collection", "district", str(policy)]
    assert main(args + (["--quiet"] if quiet else [])) == 0
    out = capsys.readouterr().out
    assert "kimberly: +" in out and "1 document(s) ingested, 0 failed" in out
    if quiet:
        assert terminal.getvalue() == ""
    else:
        assert "ingest  [" in terminal.getvalue() and "1 docs" in terminal.getvalue()
        assert terminal.getvalue().endswith("\r")           # the bar's line is cleared at the end


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path, policy, capsys):
    assert main(["--data-dir", str(tmp_path / "data"), "ingest", "--collection", "district", str(policy)]) == 0
    captured = capsys.readouterr()
    assert "ingest  [" not in captured.err and "1 document(s) ingested" in captured.out
