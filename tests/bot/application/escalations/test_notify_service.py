"""EscalationService stores first, then notifies through the registry; delivery failures never lose answers."""
from __future__ import annotations

import logging

import pytest

from bot.application.escalations.errors import Conflict
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.service import EscalationService
from knowledge.models import EscalationReason
from tests.bot.application.escalations.factories import log_question, open_escalation


class RecordingNotifier:
    def __init__(self, fail: bool = False):
        self.delivered = []
        self.fail = fail

    def notify_answer(self, escalation):
        if self.fail:
            raise RuntimeError("chat API is down")
        self.delivered.append(escalation)


def test_answer_is_stored_then_delivered_on_its_platform(store):
    slack, teams = RecordingNotifier(), RecordingNotifier()
    service = EscalationService(store, NotifierRegistry({"slack": slack, "teams": teams}))
    esc = open_escalation(store)
    answered, delivered = service.answer_and_deliver(esc.id, by="hr", text="Yes.")
    assert delivered is True
    assert [e.answer for e in slack.delivered] == ["Yes."] and teams.delivered == []
    assert slack.delivered[0].status == "answered" and store.get(esc.id) == answered


def test_conflicting_answer_notifies_nobody(store):
    slack = RecordingNotifier()
    service = EscalationService(store, NotifierRegistry({"slack": slack}))
    esc = open_escalation(store)
    service.answer(esc.id, by="a", text="first")
    with pytest.raises(Conflict):
        service.answer(esc.id, by="b", text="second")
    assert [e.answer for e in slack.delivered] == ["first"]


def test_missing_or_failing_notifier_keeps_the_answer(store, caplog):
    caplog.set_level(logging.INFO, logger="bot.application.escalations.notify")
    esc = open_escalation(store, "no notifier")
    service = EscalationService(store, NotifierRegistry())
    _, delivered = service.answer_and_deliver(esc.id, by="a", text="stored anyway")
    assert delivered is False and store.get(esc.id).answer == "stored anyway"
    assert "no notifier registered for 'slack'" in caplog.text

    failing = EscalationService(store, NotifierRegistry({"slack": RecordingNotifier(fail=True)}))
    esc2 = open_escalation(store, "failing notifier")
    _, delivered = failing.answer_and_deliver(esc2.id, by="a", text="still stored")
    assert delivered is False and store.get(esc2.id).status == "answered"
    assert "chat API is down" in caplog.text


def test_escalation_without_reply_address_is_not_delivered(store):
    slack = RecordingNotifier()
    record = log_question(store)
    esc = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=None)
    _, delivered = EscalationService(store, NotifierRegistry({"slack": slack})).answer_and_deliver(
        esc.id, by="a", text="t")
    assert delivered is False and slack.delivered == []


def test_resolve_and_dismiss_go_through_the_store(store):
    service = EscalationService(store)
    assert service.resolve(open_escalation(store, "a").id, by="x").status == "resolved"
    assert service.dismiss(open_escalation(store, "b").id, by="x").status == "dismissed"
