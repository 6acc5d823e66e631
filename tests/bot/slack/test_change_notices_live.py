"""Through real processes: a Slack asker is answered, the policy is revised and re-ingested, the asker gets one notice.

`policybot slack --mode http` and `policybot ingest` run as real processes (the real engine, Chroma and
SQLite in one data directory) against the mock Slack Web API. The asker's question is a signed DM event;
the notice arrives as a direct message from the re-ingest (chat.postMessage via the mock). A second
re-ingest that only renumbers and moves items sends nothing more. Last, an ingest run without Slack
credentials only queues its notice, and the running bot process sends it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from tests.bot.application.asking.inbox_live import slack_event
from tests.bot.live import ROOT, BotProcess, free_port, post, write_config
from tests.bot.slack.harness import SIGNING_SECRET, signed_headers
from tests.bot.slack.mock_slack import MockSlack
from tests.conftest import BUNDLED

pytestmark = pytest.mark.integration
KIMBERLY = (BUNDLED / "kimberly-5290-employee-use-of-social-media.txt").read_text(encoding="utf-8")
OLD = "Giving private cell phone or home phone numbers to students without prior approval of the District/administration."
NEW = "Giving private cell phone or home phone numbers to students, for any reason."
NEWER = "Giving private cell phone or home phone numbers to students, except in an emergency."


def ask(bot: BotProcess, mock: MockSlack, text: str, event_id: str, user: str) -> None:
    event = json.loads(slack_event(text, event_id))
    event["event"].update(user=user, channel=f"D{user}", ts=f"17000010{event_id[-2:]}.000100")
    body = json.dumps(event).encode()
    headers = {k: v[0] for k, v in signed_headers(body.decode(), content_type="application/json").items()}
    before = len(mock.bodies("/chat.postMessage"))
    assert post(bot.url + "/slack/events", body, headers)[0] == 200
    mock.wait_for("/chat.postMessage", count=before + 1, timeout=60)


def policybot(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli.main", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def cited(db: str, asker: str) -> set[str]:
    engine = sa.create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT bot_answer FROM questions WHERE asker_id = :a"), {"a": asker}).all()
    engine.dispose()
    return {c["text"] for r in rows for c in (json.loads(r[0]) if isinstance(r[0], str) else r[0])["citations"]}


def test_an_asker_answered_from_a_revised_clause_gets_one_notice_after_the_reingest(tmp_path):
    mock = MockSlack().start()
    port = free_port()
    data = tmp_path / "data"
    policy = tmp_path / "policies" / "kimberly-5290.txt"
    policy.parent.mkdir()
    policy.write_text(KIMBERLY, encoding="utf-8")
    config = write_config(tmp_path / "app.yaml", slack={"mode": "http", "port": port, "workspaces": {"T1": "district"}},
                          inbox={"poll_seconds": 0.5})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POLICYBOT_", "Microsoft"))}
    env.update(POLICYBOT_CONFIG=str(config), POLICYBOT_DATA_DIR=str(data), SLACK_BOT_TOKEN="xoxb-test",
               SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=mock.base_url, HF_HUB_OFFLINE="1")
    db = f"sqlite:///{data / 'policybot.db'}"
    policybot(env, "ingest", "--quiet", "--collection", "district", str(policy))
    bot = BotProcess(["slack", "--mode", "http", "--host", "127.0.0.1", "--port", str(port)], env,
                     tmp_path / "bot.log", port)
    try:
        bot.start().wait_ready()
        ask(bot, mock, "Can I give a student my cell phone number?", "EvPHONE01", "UASKER")
        ask(bot, mock, "may I give my home phone number to a student?", "EvPHONE02", "UASKER")
        ask(bot, mock, "Can I use approved education websites with my students?", "EvWEB03", "UOTHER")
    finally:
        bot.stop()
    assert OLD in cited(db, "UASKER")
    other_told = OLD in cited(db, "UOTHER")         # the real engine decides what it cited; told only if this

    lines = KIMBERLY.splitlines()
    contacting = next(n for n, x in enumerate(lines) if "Contacting students through" in x)
    phone = next(n for n, x in enumerate(lines) if OLD in x)
    # Items 2 and 3 swap places (and numbers), and item 3's words change: one clause changed, one moved.
    lines[contacting], lines[phone] = (re.sub(r"^3\.", "2.", lines[phone]).replace(OLD, NEW),
                                       re.sub(r"^2\.", "3.", lines[contacting]))
    policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    posted = len(mock.bodies("/chat.postMessage"))
    done = policybot(env, "ingest", "--quiet", "--collection", "district", str(policy))
    told = 2 if other_told else 1
    assert f"district: 1 document(s) changed wording: {told} change notice(s) queued, {told} sent" in done.stdout

    notices = mock.bodies("/chat.postMessage")[posted:]
    mine = [n for n in notices if n["channel"] == "DIMUASKER"]
    assert len(notices) == told and len(mine) == 1           # one message for two questions on one policy
    text = "\n".join(b["text"]["text"] for b in mine[0]["blocks"] if b.get("text"))
    assert "A policy you asked about has changed:* Policy 5290" in text
    assert "Can I give a student my cell phone number?" in text and "may I give my home phone number" in text
    assert f"> {OLD}" in text and f"> {NEW}" in text
    assert "*The answer now:*" in text

    # The same file again, then only its items renumbered: the wording is unchanged, nobody is told again.
    again = policybot(env, "ingest", "--quiet", "--collection", "district", str(policy))
    assert "change notice" not in again.stdout
    lines[contacting] = re.sub(r"^2\.", "9.", lines[contacting])
    swapped = "\n".join(lines) + "\n"
    policy.write_text(swapped, encoding="utf-8")
    moved = policybot(env, "ingest", "--quiet", "--collection", "district", str(policy))
    assert "change notice" not in moved.stdout
    time.sleep(0.5)
    assert len(mock.bodies("/chat.postMessage")) == posted + told

    listing = policybot(env, "log", "changes").stdout
    assert "district/kimberly-5290: Policy 5290" in listing and "(1 changed)" in listing
    assert "sent" in listing and "Name of UASKER: 2 question(s)" in listing

    # An ingest run without Slack credentials queues; the running bot process sends it.
    try:
        bot.start().wait_ready()
        ask(bot, mock, "Can I give a student my cell phone number?", "EvPHONE04", "ULATER")
        assert NEW in cited(db, "ULATER")
        policy.write_text(swapped.replace(NEW, NEWER), encoding="utf-8")
        posted = len(mock.bodies("/chat.postMessage"))
        offline = {k: v for k, v in env.items() if k != "SLACK_BOT_TOKEN"}
        done = policybot(offline, "ingest", "--quiet", "--collection", "district", str(policy))
        assert "1 change notice(s) queued, 0 sent" in done.stdout
        [notice] = mock.wait_for("/chat.postMessage", count=posted + 1, timeout=30)[posted:]
        time.sleep(1.5)                                   # a few more polls: still one message
        assert len(mock.bodies("/chat.postMessage")) == posted + 1
    finally:
        bot.stop()
        mock.stop()
    assert notice["channel"] == "DIMULATER" and NEWER in json.dumps(notice["blocks"])
