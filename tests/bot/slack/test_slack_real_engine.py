"""The Slack adapter on the real engine (bundled policies, real model, real Chroma): the whole path end to end."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.bot.slack.harness import SIGNING_SECRET, SlackDriver, texts


@pytest.fixture
def real_slack(engine, settings, service, client, mock_slack):
    from bot.slack.app import build_app

    settings = replace(settings, slack=replace(settings.slack, workspaces={}))      # T1 -> default collection
    return SlackDriver(build_app(settings, engine, service, client=client, signing_secret=SIGNING_SECRET), mock_slack)


def test_dm_gets_the_real_clause_and_citation(real_slack, mock_slack, store):
    real_slack.dm("can I give a student my cell number?")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert post["blocks"][0]["text"]["text"].startswith("⚠️ *Allowed with conditions*")
    body = texts(post["blocks"])
    assert "Giving private cell phone or home phone numbers to students without prior approval" in body
    assert "CONTACT WITH STUDENTS › item 4" in body
    [record] = store.recent_questions(platform="slack", asker_id="UASKER")
    assert record.verdict == "conditional" and not record.escalated


def test_not_covered_question_is_escalated_to_the_admin_channel(real_slack, mock_slack, store):
    real_slack.dm("How do I enroll in health insurance?")
    card = [c for c in mock_slack.wait_for("/chat.postMessage", count=2) if c["channel"] == "CADMIN"]
    assert card and "How do I enroll in health insurance?" in texts(card[0]["blocks"])
    [esc] = store.list_escalations(status="open")
    assert esc.reason == "not_covered" and esc.platform == "slack"


def test_a_very_long_question_is_stored_capped_like_on_every_platform(real_slack, mock_slack, store, engine):
    real_slack.dm("can I text my team about practice " + "please " * 3000)
    post = mock_slack.wait_for("/chat.postMessage")[0]
    [record] = store.recent_questions(platform="slack", asker_id="UASKER")
    assert len(record.question) == engine.settings.retrieval.max_question_chars
    assert "only the first 2,000 were read" in texts(post["blocks"])
