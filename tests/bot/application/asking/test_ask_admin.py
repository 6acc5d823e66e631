"""bot/application/asking/ask_admin.py: "Ask an admin" on the real store (SQLite and PostgreSQL)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.application.asking.ask_admin import ASKED_FOR_AN_ADMIN, ask_an_admin
from bot.application.asking.service import AskService, wait_notice
from bot.application.escalations.errors import NotFound
from bot.application.escalations.models import ReplyAddress
from bot.application.settings import AskingSettings, Settings
from tests.bot.application.escalations.factories import log_question

SLACK = ReplyAddress("slack", {"team": "T1", "channel": "C1", "thread_ts": "1.2", "user": "U123"})
TEAMS = ReplyAddress("teams", {"conversation_reference": {"conversation": {"id": "a:1"}}})


def service(store, answers, limit: int = 5) -> AskService:
    return AskService(replace(Settings(env={}), asking=AskingSettings(escalations_per_asker_per_hour=limit)),
                      answers, store)


def test_escalates_with_the_askers_address_and_permalink(store, answers):
    question = log_question(store, escalate=False)
    asked = ask_an_admin(service(store, answers), question.id, asker_id="U123", reply_to=SLACK,
                         permalink=lambda: "https://example.slack.com/archives/C1/p12")
    assert asked.refusal == "" and asked.escalation is not None
    stored = store.get(asked.escalation.id)
    assert (stored.reason, stored.reply_to, stored.permalink, stored.question_id) == (
        ASKED_FOR_AN_ADMIN, SLACK, "https://example.slack.com/archives/C1/p12", question.id)


def test_a_second_press_finds_the_same_escalation(store, answers):
    question = log_question(store, platform="teams", asker_id="aad-1", escalate=False)
    first = ask_an_admin(service(store, answers), question.id, asker_id="aad-1", reply_to=TEAMS)
    again = ask_an_admin(service(store, answers), question.id, asker_id="aad-1", reply_to=TEAMS)
    assert first.escalation.id == again.escalation.id and len(store.list_escalations()) == 1
    assert store.get(first.escalation.id).permalink == ""


def test_over_the_hourly_limit_nothing_is_escalated_and_no_permalink_is_asked(store, answers):
    asking = service(store, answers, limit=1)
    first, second = (log_question(store, f"Can I do thing {n}?", escalate=False) for n in (1, 2))
    assert ask_an_admin(asking, first.id, asker_id="U123", reply_to=SLACK).escalation is not None
    permalinks: list[str] = []

    def permalink() -> str:
        permalinks.append("asked")
        return "https://example.slack.com/x"

    refused = ask_an_admin(asking, second.id, asker_id="U123", reply_to=SLACK, permalink=permalink)
    assert refused.escalation is None and refused.refusal == wait_notice(1)
    assert permalinks == [] and len(store.list_escalations()) == 1
    # The limit is per platform and asker: the same id on Teams is another person.
    teams_question = log_question(store, "Can I do thing 3?", platform="teams", asker_id="U123", escalate=False)
    assert ask_an_admin(asking, teams_question.id, asker_id="U123", reply_to=TEAMS).escalation is not None


def test_an_unknown_question_is_not_found(store, answers):
    with pytest.raises(NotFound):
        ask_an_admin(service(store, answers), 987654, asker_id="U123", reply_to=SLACK)


def test_without_a_question_log_it_says_so(answers):
    with pytest.raises(RuntimeError, match="question log"):
        ask_an_admin(AskService(Settings(env={}), answers, None), 1, asker_id="U123", reply_to=SLACK)
