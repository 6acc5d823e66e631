"""The pure Answer -> Adaptive Card functions."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from bot.application.escalations.models import Escalation, ReplyAddress
from bot.teams.admin_cards import admin_answer_card, escalation_card
from bot.teams.cards import answer_card, welcome_card
from knowledge.models import Answer, Verdict
from tests.bot.teams.cardtext import card_texts, inputs
from tests.bot.teams.fakes import FakeAnswerService, not_covered_answer, photos_answer

WHEN = datetime(2026, 11, 20, 14, 30, tzinfo=timezone.utc)


def escalation(**changes) -> Escalation:
    values = dict(
        id=3, question_id=9, question="Can I sell tickets on Venmo?", platform="teams", tenant="t", channel="c",
        asker_id="aad-pat", asker_name="Pat Teacher", collection="kimberly", reason="not covered",
        status="open", created_at=WHEN, bot_answer=not_covered_answer("Can I sell tickets on Venmo?", "kimberly")
        .to_dict(), reply_to=ReplyAddress("teams", {}), permalink="", admin_message={}, answered_by="",
        answer="", answered_at=None, resolved_by="", resolved_at=None, ruling_id=None, version=1)
    values.update(changes)
    return Escalation(**values)


def test_answer_card_is_adaptive_card_1_5_with_citation_link_and_ruling_label():
    card = answer_card(photos_answer("Can I post photos?", "kimberly"), question_id=12)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    texts = card_texts(card)
    assert texts.splitlines()[0] == "⚠️ Allowed with conditions"
    assert "[Open the policy](https://www.kimberly.edu/policies/5290)" in texts
    assert "🛡️ An admin's ruling (not policy text)" in texts
    assert "Alex Admin, 2026-03-02, answering: “Can I post my class's science fair photos" in texts
    # Universal Actions, each falling back to Action.Submit with the same data for older clients.
    assert [a["type"] for a in card["actions"]] == ["Action.Execute"] * 3
    assert [a["verb"] for a in card["actions"]] == ["helpful", "not_helpful", "ask_admin"]
    assert all(a["fallback"] == {"type": "Action.Submit", "title": a["title"], "data": a["data"]}
               for a in card["actions"])
    json.dumps(card)   # plain JSON, ready to send


def test_every_verdict_reads_differently():
    firsts = {card_texts(answer_card(Answer(question="q", verdict=v, escalate=False, escalation_reason=None,
                                            summary="s"), 1)).splitlines()[0] for v in Verdict}
    assert len(firsts) == len(Verdict)
    assert all(" " in line and not line[0].isascii() for line in firsts)   # an emoji, then the word


def test_escalated_answer_says_so_and_offers_no_ask_an_admin_button():
    card = answer_card(not_covered_answer("Can I use Venmo?", "default"), question_id=5)
    assert "passed this question to the policy admins" in card_texts(card)
    assert [a["data"]["action"] for a in card["actions"]] == ["helpful", "not_helpful"]


def test_welcome_card_with_no_sources_says_how_to_load_them():
    assert "policybot ingest" in card_texts(welcome_card([]))
    assert "Employee Use of Social Media (JNDC)" in card_texts(welcome_card(FakeAnswerService().sources()))


def test_open_escalation_card_has_the_form_and_closed_one_shows_who_and_when():
    open_card = escalation_card(escalation())
    assert inputs(open_card) == {"answer": "Input.Text", "save_as_ruling": "Input.Toggle"}
    assert [a["data"] for a in open_card["actions"]] == [
        {"action": "admin_answer", "escalation_id": 3}, {"action": "admin_resolve", "escalation_id": 3}]
    answered = escalation_card(escalation(status="answered", answer="No.", answered_by="Alex Admin",
                                          answered_at=WHEN, ruling_id=4))
    assert "actions" not in answered and inputs(answered) == {}
    assert "✅ Answered by Alex Admin at 2026-11-20 14:30 UTC" in card_texts(answered)
    assert "Saved as a ruling." in card_texts(answered)


def test_answer_to_the_asker_is_labelled_as_an_admin_answer():
    texts = card_texts(admin_answer_card(escalation(status="answered", answer="No.", answered_by="Alex Admin",
                                                    answered_at=WHEN)))
    assert "You asked: “Can I sell tickets on Venmo?”" in texts
    assert "This is an admin's ruling, not policy text." in texts
