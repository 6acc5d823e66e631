"""One sentence per escalation reason, used by every renderer (CLI, Slack, Teams, admin UI)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from bot.application.escalations.models import Escalation
from bot.application.reason_labels import REASON_LABELS, reason_label
from knowledge.models import Answer, EscalationReason, Verdict


def test_every_reason_has_its_own_sentence_and_no_code_shows_through():
    assert set(REASON_LABELS) == set(EscalationReason)
    assert len(set(REASON_LABELS.values())) == len(REASON_LABELS)
    for reason, sentence in REASON_LABELS.items():
        assert reason_label(reason) == sentence == reason_label(reason.value)     # a stored code reads the same
        assert "_" not in sentence


def test_stored_free_text_from_older_versions_is_shown_as_it_is():
    assert reason_label("the asker asked for an admin") == "the asker asked for an admin"
    assert reason_label("") == "" and reason_label(None) == ""


def _answer(reason: EscalationReason) -> Answer:
    return Answer(question="Can I?", verdict=Verdict.NOT_COVERED, escalate=True, escalation_reason=reason,
                  summary="Passed on.", collection="kimberly")


def _escalation(reason: EscalationReason) -> Escalation:
    return Escalation(
        id=4, question_id=1, question="Can I?", platform="slack", tenant="T1", channel="CGEN", asker_id="U1",
        asker_name="Dana", collection="kimberly", reason=reason.value, status="open",
        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc), bot_answer=_answer(reason).to_dict(), reply_to=None,
        permalink="", admin_message={}, answered_by="", answer="", answered_at=None, resolved_by="",
        resolved_at=None, ruling_id=None, version=1)


@pytest.mark.parametrize("reason", list(EscalationReason))
def test_cli_slack_and_teams_show_the_same_sentence(reason):
    from bot.cli.render import render_text
    from bot.slack.blocks import context_line
    from bot.slack.cards import admin_card
    from bot.teams.admin_cards import escalation_card

    sentence = REASON_LABELS[reason]
    shown = {
        "cli": render_text(_answer(reason)),
        "slack answer": context_line(_answer(reason)),
        "slack admin card": json.dumps(admin_card(_escalation(reason))[0], ensure_ascii=False),
        "teams admin card": json.dumps(escalation_card(_escalation(reason)), ensure_ascii=False),
    }
    for where, text in shown.items():
        assert sentence in text, where
        for code_shown in (f"({reason.value})", f"Reason: {reason.value}", f'"value": "{reason.value}"'):
            assert code_shown not in text, where


def test_an_escalating_answer_without_a_reason_still_renders():
    from bot.cli.render import render_text

    answer = replace(_answer(EscalationReason.NOT_COVERED), escalation_reason=None)
    assert render_text(answer).endswith("→ Escalated to an administrator.")
