"""`policybot log gaps` through the real entry point (`python -m bot.cli.main`, a process of its own)."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.application.escalations.store import EscalationStore
from tests.bot.application.gaps.questions import PETS, SICK_LEAVE, asked_on

ROOT = Path(__file__).resolve().parents[3]
MONDAY = date(2026, 11, 2)


def policybot(data_dir: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYBOT_", "SLACK_", "Microsoft"))
           and k != "DATABASE_URL"}
    env.update(POLICYBOT_CONFIG=str(ROOT / "tests" / "fixtures" / "no-config.yaml"), HF_HUB_OFFLINE="1",
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(data_dir), *argv], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A question log with two topics (one ruled on), a hostile question and an answered one."""
    folder = tmp_path_factory.mktemp("gaps-cli") / "data"
    folder.mkdir()
    store = EscalationStore.open(f"sqlite:///{folder / 'policybot.db'}")
    try:
        for n, text in enumerate(SICK_LEAVE):
            asked_on(store, MONDAY + timedelta(days=n), text, open_one=True, asker_id=f"U{n}")
        ruled = store.list_escalations(search="sick day to care")[0]
        store.answer(ruled.id, by="Dr. Lee", text="=HYPERLINK(\"x\") Yes,\x1b[31m five days.", save_as_ruling=True)
        for n, text in enumerate(PETS):
            asked_on(store, MONDAY + timedelta(days=8 + n), text, escalate=True, asker_id=f"P{n}",
                     collection="jndc")
        asked_on(store, MONDAY + timedelta(days=9), "Can I keep a pet snake\x1b[31m in class?", escalate=True,
                 asker_id="P9", collection="jndc")
        asked_on(store, MONDAY, "Can I friend a student on Facebook?", escalate=False)
    finally:
        store.close()
    return folder


def test_text_report_lists_topics_without_askers(data_dir):
    done = policybot(data_dir, "log", "gaps", "--since", "2026-11-01", "--until", "2026-11-30")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Unanswered questions 2026-11-01 to 2026-11-30: 9 of 10 asked, 2 topics (0 asked about once)" in out
    first, second = out.split("\n1. ")[1].split("\n2. ")
    assert "class" in first and "5 questions from 5 askers, 0 escalated" in first     # most askers first
    assert "per week: 0 0 5 0 0 0" in first
    assert "sick" in second and "4 questions from 4 askers, 4 escalated (3 open)" in second
    assert "per week: 0 4 0 0 0 0" in second
    assert 'ruling #1: =HYPERLINK("x") Yes, [31m five days.' in second      # the escape character is gone
    assert "\x1b" not in out and "Dana Smith" not in out and "U1" not in out


def test_collection_filter_and_csv(data_dir):
    done = policybot(data_dir, "log", "gaps", "--since", "2026-11-01", "--until", "2026-11-30",
                     "--collection", "kimberly", "--csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 1 and done.stderr.strip() == "1 topics"
    row = rows[0]
    assert "sick" in row["topic"] and row["questions"] == "4" and row["askers"] == "4"
    assert row["collections"] == "kimberly" and row["policy_requested"] == "no"
    assert row["weekly"].startswith("2026-10-26:0 2026-11-02:4 ")
    assert row["rulings"] == '#1: =HYPERLINK("x") Yes, [31m five days.'
    assert "asker" not in " ".join(rows[0].keys()).replace("askers", "")


@pytest.mark.parametrize("argv, message", [
    (["--since", "2026-02-30"], "since is not a date (YYYY-MM-DD): '2026-02-30'"),
    (["--since", "2026-12-01", "--until", "2026-11-01"], "since (2026-12-01) is after until (2026-11-01)"),
    (["--since", "2020-01-01", "--until", "2026-01-01"], "the period is 2,193 days long; the limit is 731 days"),
])
def test_bad_periods_are_refused_in_one_line(data_dir, argv, message):
    done = policybot(data_dir, "log", "gaps", *argv)
    assert done.returncode == 2 and done.stderr.strip() == f"policybot log gaps: {message}"
    assert "Traceback" not in done.stderr
