"""The escalation round trip over HTTP: admins' channel, admin card, proactive answer, card update."""
from __future__ import annotations

import asyncio
import json

from bot.application.escalations.service import EscalationService
from bot.teams.admin_channel import FILE_NAME
from tests.bot.teams.activities import (ADMIN, ADMINS_CHANNEL, ASKER, PERSONAL, STRANGER, activity, in_thread)
from tests.bot.teams.cardtext import card_texts, inputs
from tests.bot.teams.connector import TeamsHarness

QUESTION = "Can I run a fundraiser for my classroom on GoFundMe?"


async def register_and_escalate(h: TeamsHarness) -> tuple[dict, str]:
    """Admin registers the channel, the asker asks an uncovered question; returns (question, admin card id)."""
    register = activity(h.service_url, text="<at>PolicyBot</at> register admins", sender=ADMIN,
                        conversation=in_thread(ADMINS_CHANNEL, "55"), conversation_type="channel",
                        entities=[{"type": "mention", "text": "<at>PolicyBot</at>",
                                   "mentioned": {"id": "28:policybot-app-id", "name": "PolicyBot"}}])
    assert await h.post(register) == 201
    question = activity(h.service_url, text=QUESTION)
    assert await h.post(question) == 201
    admin_post = h.connector.posts(ADMINS_CHANNEL)[-1]
    return question, admin_post.created_id


def admin_submit(h: TeamsHarness, card_id: str, sender: dict, **value) -> dict:
    return activity(h.service_url, text=None, sender=sender, conversation=in_thread(ADMINS_CHANNEL, card_id),
                    conversation_type="channel", value=value, reply_to_id=card_id)


def test_escalation_round_trip_answers_the_asker_and_updates_the_admin_card(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            question, card_id = await register_and_escalate(h)
            escalation = store.list_escalations()[0]
            before = list(h.connector.calls)
            submit = admin_submit(h, card_id, ADMIN, action="admin_answer", escalation_id=escalation.id,
                                  answer="Yes, with the principal's written approval.", save_as_ruling="true")
            assert await h.post(submit) == 201
            return question, card_id, before, h.connector.calls[len(before):]

    question, card_id, before, after = asyncio.run(scenario())
    registered = json.loads((settings.data_dir / FILE_NAME).read_text())
    assert registered["conversation"]["id"] == ADMINS_CHANNEL and "activityId" not in registered

    # Before the admin acts: the asker's answer card says it was passed on; a new post in the admins' channel.
    asker_reply, admin_post = [c for c in before if c.conversation in (PERSONAL, ADMINS_CHANNEL)][-2:]
    assert (asker_reply.conversation, asker_reply.activity_id) == (PERSONAL, question["id"])
    assert "passed this question to the policy admins" in card_texts(asker_reply.card)
    assert (admin_post.method, admin_post.conversation, admin_post.activity_id) == ("POST", ADMINS_CHANNEL, None)
    admin_card = admin_post.card
    assert QUESTION in card_texts(admin_card) and "Asked by: Pat Teacher" in card_texts(admin_card)
    assert "Employees shall not post confidential" in card_texts(admin_card)   # the bot's best clause
    assert inputs(admin_card) == {"answer": "Input.Text", "save_as_ruling": "Input.Toggle"}
    assert [a["title"] for a in admin_card["actions"]] == ["Answer", "Resolve"]

    # After: the answer reaches the asker's original conversation, the admin card is replaced, the admin is told.
    to_asker = [c for c in after if c.conversation == PERSONAL]
    assert len(to_asker) == 1 and to_asker[0].activity_id == question["id"]
    assert "Yes, with the principal's written approval." in card_texts(to_asker[0].card)
    assert "admin's ruling, not policy text" in card_texts(to_asker[0].card)
    updates = [c for c in after if c.method == "PUT"]
    assert [(u.conversation, u.activity_id) for u in updates] == [(ADMINS_CHANNEL, card_id)]
    assert "Answered by Alex Admin" in card_texts(updates[0].card)
    assert "actions" not in updates[0].card
    assert any("Sent your answer to Pat Teacher" in c.text for c in after)

    escalation = store.list_escalations()[0]
    assert (escalation.status, escalation.answered_by, escalation.platform) == ("answered", "Alex Admin", "teams")
    assert escalation.ruling_id is not None
    assert escalation.reply_to.data["conversation_reference"]["conversation"]["id"] == PERSONAL


def test_non_admin_cannot_answer_or_resolve(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            _, card_id = await register_and_escalate(h)
            escalation = store.list_escalations()[0]
            before = len(h.connector.calls)
            for action in ("admin_answer", "admin_resolve"):
                submit = admin_submit(h, card_id, STRANGER, action=action, escalation_id=escalation.id,
                                      answer="Sure, go ahead.", save_as_ruling="false")
                assert await h.post(submit) == 201
            return h.connector.calls[before:]

    after = asyncio.run(scenario())
    assert [c.method for c in after] == ["POST", "POST"]
    assert all("only PolicyBot admins can answer or resolve" in c.text for c in after)
    assert all(c.conversation.startswith(ADMINS_CHANNEL) for c in after)
    escalation = store.list_escalations()[0]
    assert (escalation.status, escalation.answer) == ("open", "")


def test_non_admin_cannot_register_the_admins_channel(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            register = activity(h.service_url, text="register admins", sender=STRANGER,
                                conversation=ADMINS_CHANNEL, conversation_type="channel")
            assert await h.post(register) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert "Only PolicyBot admins" in calls[0].text
    assert not (settings.data_dir / FILE_NAME).exists()


def test_resolve_updates_the_admin_card(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            _, card_id = await register_and_escalate(h)
            escalation = store.list_escalations()[0]
            assert await h.post(admin_submit(h, card_id, ADMIN, action="admin_resolve",
                                             escalation_id=escalation.id)) == 201
            return card_id, h.connector.updates()

    card_id, updates = asyncio.run(scenario())
    assert [u.activity_id for u in updates] == [card_id]
    assert "Resolved by Alex Admin" in card_texts(updates[0].card)
    assert store.list_escalations()[0].status == "resolved"


def test_ask_an_admin_button_and_feedback(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            await h.post(activity(h.service_url, text="register admins", sender=ADMIN, conversation=ADMINS_CHANNEL,
                                  conversation_type="channel"))
            assert await h.post(activity(h.service_url, text="Can I post photos from the science fair?")) == 201
            record = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])[0]
            assert store.list_escalations() == []
            for action in ("not_helpful", "ask_admin", "ask_admin"):
                press = activity(h.service_url, text=None, value={"action": action, "question_id": record.id})
                assert await h.post(press) == 201
            return record.id, h.connector.calls

    question_id, calls = asyncio.run(scenario())
    assert store.get_question(question_id).feedback is False
    escalations = store.list_escalations()
    assert len(escalations) == 1 and escalations[0].question_id == question_id
    admin_posts = [c for c in calls if c.conversation == ADMINS_CHANNEL and c.method == "POST" and c.body.get("attachments")]
    assert len(admin_posts) == 1        # pressing twice does not post the question twice
    texts = [c.text for c in calls if c.conversation == PERSONAL]
    assert "Thanks for the feedback!" in texts
    assert texts.count("I've asked the policy admins; I'll message you here when they answer.") == 2


def test_answer_from_another_surface_reaches_the_asker_through_the_teams_notifier(settings, service, store):
    """The admin web UI answers through EscalationService from a plain thread; Teams delivers it."""
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            question, card_id = await register_and_escalate(h)
            escalation = store.list_escalations()[0]
            web_ui = EscalationService(store, h.notifiers)
            _, delivered = await asyncio.to_thread(web_ui.answer_and_deliver, escalation.id, by="admin@district",
                                                   text="No: crowdfunding needs board approval.")
            return question, card_id, delivered, h.connector.calls

    question, card_id, delivered, calls = asyncio.run(scenario())
    assert delivered is True
    to_asker = [c for c in calls if c.conversation == PERSONAL and c.body.get("attachments")][-1]
    assert "No: crowdfunding needs board approval." in card_texts(to_asker.card)
    assert to_asker.activity_id == question["id"]
    [update] = [c for c in calls if c.method == "PUT"]
    assert update.activity_id == card_id and "Answered by admin@district" in card_texts(update.card)
