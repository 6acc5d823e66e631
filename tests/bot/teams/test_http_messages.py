"""HTTP-level tests: real activity JSON to POST /api/messages, replies recorded by a fake Bot Connector."""
from __future__ import annotations

import asyncio

from tests.bot.teams.activities import (ASKER, BOT_ID, PERSONAL, STAFF_CHANNEL, TENANT, activity, in_thread,
                                        mention_of_bot)
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.connector import TeamsHarness


def test_personal_chat_question_gets_an_answer_card_and_is_recorded(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            question = activity(h.service_url, text="Can I post photos of my students on Instagram?")
            assert await h.post(question) == 201
            return h.connector.calls, question

    calls, question = asyncio.run(scenario())
    assert len(calls) == 1
    reply = calls[0]
    assert (reply.method, reply.conversation, reply.activity_id) == ("POST", PERSONAL, question["id"])
    card = reply.card
    assert card["version"] == "1.5"
    texts = card_texts(card)
    assert "⚠️ Allowed with conditions" in texts
    assert "absent written authority of the parent of a minor" in texts
    assert "Policy 5290: Employee Use of Social Media Sites" in texts
    assert "Adopted May 8, 2012, revised June 11, 2019" in texts
    assert "An admin's ruling" in texts and "Alex Admin" in texts
    records = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])
    assert len(records) == 1
    record = records[0]
    assert (record.tenant, record.channel, record.asker_name, record.collection) == (
        TENANT, PERSONAL, "Pat Teacher", "kimberly")
    assert record.latency_ms >= 0
    assert [a["data"] for a in card["actions"]] == [
        {"action": "helpful", "question_id": record.id},
        {"action": "not_helpful", "question_id": record.id},
        {"action": "ask_admin", "question_id": record.id},
    ]
    assert service.asked == [("Can I post photos of my students on Instagram?", "kimberly")]


def test_channel_mention_is_stripped_and_reply_goes_to_the_thread(settings, service, store):
    thread = in_thread(STAFF_CHANNEL, "1700000000001")

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            message = activity(h.service_url, text="<at>PolicyBot</at> can I share student grades in a post?",
                               conversation=thread, conversation_type="channel", entities=[mention_of_bot()],
                               tenant="tenant-unmapped")
            assert await h.post(message) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert service.asked == [("can I share student grades in a post?", "default")]
    assert [(c.method, c.conversation) for c in calls] == [("POST", thread)]
    assert "⛔ Not allowed" in card_texts(calls[0].card)


def test_empty_message_is_answered_with_help_and_not_recorded(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="<at>PolicyBot</at>", entities=[mention_of_bot()],
                                         conversation=STAFF_CHANNEL, conversation_type="channel")) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert len(calls) == 1
    assert "Ask me a question about district policy" in calls[0].text
    assert service.asked == []
    assert store.list_escalations() == []
    assert store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"]) == []


def test_malformed_activities_are_rejected_with_400_and_nothing_is_stored(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            statuses = [
                await h.post("{not json"),
                await h.post('["a list"]'),
                await h.post({"type": "message", "text": "Can I post photos?"}),          # no conversation
                await h.post({**activity(h.service_url, text="Can I post photos?"), "serviceUrl": 42}),
                await h.post({**activity(h.service_url, text="Can I post photos?"), "type": ""}),
                await h.post({**activity(h.service_url, text="x"), "conversation": "nope"}),
            ]
            return statuses, h.connector.calls

    statuses, calls = asyncio.run(scenario())
    assert statuses == [400] * 6
    assert calls == []
    assert service.asked == []
    assert store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"]) == []


def test_welcome_card_when_the_bot_is_added_to_a_team(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            added = activity(h.service_url, kind="conversationUpdate", text=None, conversation=STAFF_CHANNEL,
                             conversation_type="channel", membersAdded=[{"id": BOT_ID}])
            assert await h.post(added) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert len(calls) == 1 and calls[0].conversation == STAFF_CHANNEL
    texts = card_texts(calls[0].card)
    assert "Employee Use of Social Media Sites, Including Personal Sites: Adopted May 8, 2012" in texts
    assert "@mention me" in texts
