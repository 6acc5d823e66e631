"""Authentication, escalations without an admins' channel, and delivery from another process."""
from __future__ import annotations

import asyncio

from bot.application.escalations.models import ReplyAddress
from bot.teams.connection import BotCredentials
from bot.teams.server import teams_notifier
from bot.teams.admin_channel import AdminChannel
from knowledge.models import EscalationReason
from tests.bot.teams.activities import ADMIN, ADMINS_CHANNEL, ASKER, PERSONAL, activity
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.connector import FORBIDDEN, TeamsHarness
from tests.bot.teams.fakes import not_covered_answer

CREDENTIALS = BotCredentials(APP_ID="0f8fad5b-d9cb-469f-a165-70867728950e", APP_PASSWORD="secret")


def test_with_an_app_id_requests_without_a_token_are_refused(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store, credentials=CREDENTIALS) as h:
            status = await h.post(activity(h.service_url, text="Can I post photos?"))
            return status, h.connector.calls

    status, calls = asyncio.run(scenario())
    assert status == 401
    assert calls == [] and service.asked == []
    assert store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"]) == []


def test_without_an_admins_channel_the_escalation_is_kept_for_the_admin_console(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="Can I take a sick day to coach?")) == 201
            record = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])[0]
            press = activity(h.service_url, text=None, value={"action": "ask_admin", "question_id": record.id})
            assert await h.post(press) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert [c.conversation for c in calls] == [PERSONAL, PERSONAL]
    assert "they'll answer from the admin console" in calls[1].text
    [escalation] = store.list_escalations()
    assert escalation.status == "open" and escalation.admin_message == {}


def test_notifier_built_for_another_process_delivers_on_its_own_event_loop(settings, service, store):
    """The admin web UI has no bot server running: `teams_notifier(settings)` sends on a fresh loop."""
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            reference = {"activityId": "msg-7", "channelId": "msteams", "serviceUrl": h.service_url,
                         "conversation": {"id": PERSONAL}, "bot": {"id": "28:policybot"}, "user": {"id": "29:pat"}}
            record = store.record_question(platform="teams", question="Can I coach?", latency_ms=3.0,
                                           answer=not_covered_answer("Can I coach?", "default"), collection="default")
            escalation = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=ReplyAddress(
                "teams", {"conversation_reference": reference}))
            answered = store.answer(escalation.id, by="Alex Admin", text="Yes, outside school hours.")
            await asyncio.to_thread(teams_notifier(settings).notify_answer, answered)
            return h.connector.calls

    [call] = asyncio.run(scenario())
    assert (call.conversation, call.activity_id) == (PERSONAL, "msg-7")
    assert "Yes, outside school hours." in card_texts(call.card)


def test_escalation_is_kept_when_the_admins_channel_refuses_the_post(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            AdminChannel(settings).register({"channelId": "msteams", "serviceUrl": h.service_url,
                                             "conversation": {"id": f"{FORBIDDEN}@thread.tacv2"},
                                             "bot": {"id": "28:policybot"}})
            assert await h.post(activity(h.service_url, text="Can I take a sick day to coach?")) == 201
            return h.connector.calls

    [reply] = asyncio.run(scenario())    # the answer only: no apology posted anywhere
    assert "passed this question to the policy admins" in card_texts(reply.card)
    [escalation] = store.list_escalations()
    assert escalation.status == "open" and escalation.admin_message == {}


def test_undeliverable_answer_is_reported_to_the_admin_and_the_card_still_updates(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            gone = {"activityId": "msg-1", "channelId": "msteams", "serviceUrl": h.service_url,
                    "conversation": {"id": f"{FORBIDDEN}-chat"}, "bot": {"id": "28:policybot"}}
            admins = {"channelId": "msteams", "serviceUrl": h.service_url, "conversation": {"id": ADMINS_CHANNEL},
                      "bot": {"id": "28:policybot"}}
            record = store.record_question(platform="teams", question="Can I coach?", latency_ms=3.0,
                                           answer=not_covered_answer("Can I coach?", "default"), collection="default",
                                           asker_name="Pat Teacher")
            escalation = store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=ReplyAddress(
                "teams", {"conversation_reference": gone}))
            store.set_admin_message(escalation.id, {"conversation_reference": admins, "activity_id": "card-1"})
            submit = activity(h.service_url, text=None, sender=ADMIN, conversation=ADMINS_CHANNEL,
                              conversation_type="channel", reply_to_id="card-1",
                              value={"action": "admin_answer", "escalation_id": escalation.id, "answer": "Yes."})
            assert await h.post(submit) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    [update] = [c for c in calls if c.method == "PUT"]
    assert update.activity_id == "card-1" and "Answered by Alex Admin" in card_texts(update.card)
    assert any("couldn't deliver it to Pat Teacher" in c.text for c in calls)
    assert store.list_escalations()[0].answer == "Yes."
