"""Slack questions and the durable inbox: stored before the ack, junk, limits, expired questions."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.application.escalations.inbox import DONE, EXPIRED, PENDING, Inbox
from bot.application.settings import AskingSettings
from tests.bot.slack.harness import texts


@pytest.fixture
def stopped_worker(app, monkeypatch):
    """The app with its inbox worker idle: questions are stored and acked, but nobody answers."""
    deps = app.policybot
    monkeypatch.setattr(deps.worker, "submit", lambda item_id: None)
    return deps


def test_question_is_in_the_inbox_when_the_ack_is_sent(app, slack, stopped_worker, store, mock_slack):
    assert slack.dm("Can I friend a student?", event_id="EvSTORED").status == 200
    assert Inbox(store.engine).counts() == {PENDING: 1}
    assert mock_slack.bodies("/chat.postMessage") == []
    # Whichever worker picks it up answers it.
    [item_id] = stopped_worker.inbox.due(unclaimed_for=0)
    from bot.application.asking.worker import InboxWorker
    from bot.slack import asking

    worker = InboxWorker(stopped_worker.inbox, stopped_worker.settings.inbox,
                         handle=lambda item, late: asking.answer_item(stopped_worker, stopped_worker.client, item, late),
                         expire=lambda item: asking.expire_item(stopped_worker, stopped_worker.client, item))
    assert worker.process(item_id) == DONE
    assert len(mock_slack.wait_for("/chat.postMessage")) == 1


def test_question_is_still_answered_when_the_inbox_cannot_store_it(slack, app, answers, mock_slack, monkeypatch,
                                                                    caplog):
    def broken(**kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(app.policybot.inbox, "receive", broken)
    assert slack.dm("Can I friend a student?").status == 200
    assert "Not allowed" in mock_slack.wait_for("/chat.postMessage")[0]["text"]
    assert answers.asked == [("Can I friend a student?", "kimberly")]
    assert "could not store a slack question in the inbox" in caplog.text


def test_message_without_words_gets_please_ask_and_no_escalation(slack, mock_slack, answers, store):
    slack.dm("👍👍 ??")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert "Please ask a question" in post["text"]
    assert answers.asked == [] and store.list_escalations() == []
    assert mock_slack.bodies("/chat.postMessage") == [post]


def test_nul_and_huge_questions_are_cleaned_and_capped(slack, mock_slack, answers, store):
    slack.dm("can I\x00 post photos " + "x" * 50_000)
    mock_slack.wait_for("/chat.postMessage")
    [(asked, _)] = answers.asked
    assert "\x00" not in asked and len(asked) == 2000
    [record] = store.recent_questions(platform="slack", asker_id="UASKER")
    assert len(record.question) == 2000


def test_escalations_beyond_the_hourly_limit_are_answered_and_told_to_wait(app, slack, mock_slack, store):
    deps = app.policybot
    deps.asking.settings = replace(deps.asking.settings, asking=AskingSettings(escalations_per_asker_per_hour=1))
    slack.dm("Can I take a sick day?")
    mock_slack.wait_for("/chat.postMessage", 3)          # answer, admins' card, "passed on" notice
    slack.dm("Can I take two sick days?")
    posts = mock_slack.wait_for("/chat.postMessage", 4, where=lambda b: b["channel"] == "DASKER")
    assert len(store.list_escalations()) == 1
    assert "last hour" in posts[-1]["text"]
    assert len(store.recent_questions(platform="slack", asker_id="UASKER")) == 2


def test_question_older_than_the_window_is_escalated_as_expired(app, slack, stopped_worker, store, mock_slack):
    deps = stopped_worker
    slack.dm("Can I friend a student?", event_id="EvOLD")
    [item_id] = deps.inbox.due(unclaimed_for=0)
    late_clock = lambda: deps.inbox.get(item_id).received_at + timedelta(hours=2)   # noqa: E731
    from bot.application.asking.worker import InboxWorker
    from bot.slack import asking

    worker = InboxWorker(Inbox(store.engine, clock=late_clock), deps.settings.inbox, clock=late_clock,
                         handle=lambda item, late: asking.answer_item(deps, deps.client, item, late),
                         expire=lambda item: asking.expire_item(deps, deps.client, item))
    assert worker.process(item_id) == EXPIRED
    [escalation] = store.list_escalations()
    assert "too old to answer" in escalation.reason
    to_asker = mock_slack.wait_for("/chat.postMessage", 2, where=lambda b: b["channel"] == "DASKER")
    assert "couldn't answer the question you sent" in to_asker[0]["text"]
    assert "Not allowed" not in texts(to_asker[0]["blocks"])            # no stale answer presented as fresh
    admin_cards = mock_slack.bodies("/chat.postMessage")
    assert any(b["channel"] == "CADMIN" for b in admin_cards)
    assert Inbox(store.engine).get(item_id).status == EXPIRED
    assert DONE not in Inbox(store.engine).counts()


def test_ask_an_admin_presses_count_towards_the_hourly_limit(app, slack, mock_slack, store):
    from bot.slack import blocks as bk

    deps = app.policybot
    deps.asking.settings = replace(deps.asking.settings, asking=AskingSettings(escalations_per_asker_per_hour=0))
    slack.dm("May I post photos?")
    mock_slack.wait_for("/chat.postMessage")
    [record] = store.recent_questions(platform="slack", asker_id="UASKER")
    slack.click(bk.ASK_ADMIN, str(record.id))
    [reply] = mock_slack.wait_for("/respond/action-" + bk.ASK_ADMIN)
    assert "last hour" in reply["text"]
    assert store.list_escalations() == []
