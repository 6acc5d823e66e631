"""Universal Actions (`adaptiveCard/action` invokes), feedback updating the card, and waiting escalations."""
from __future__ import annotations

import asyncio

from tests.bot.teams.activities import ADMIN, ADMINS_CHANNEL, ASKER, PERSONAL, activity
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.connector import ADAPTIVE, TeamsHarness


def invoke(service_url: str, verb: str, sender: dict = ASKER, conversation: str = PERSONAL, **data) -> dict:
    """What Teams sends when an `Action.Execute` button is pressed (inputs are merged into data)."""
    return activity(service_url, kind="invoke", text=None, sender=sender, conversation=conversation,
                    conversation_type="personal" if conversation == PERSONAL else "channel", name="adaptiveCard/action",
                    value={"action": {"type": "Action.Execute", "verb": verb, "data": {"action": verb, **data}}},
                    reply_to_id="card-activity-1")


def action_names(card: dict) -> list[str]:
    return [a["data"]["action"] for a in card.get("actions", [])]


def test_feedback_through_universal_actions_returns_the_card_without_its_feedback_buttons(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="Can I post photos from the science fair?")) == 201
            record = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])[0]
            response = await h.exchange(invoke(h.service_url, "helpful", question_id=record.id))
            return record.id, response, h.connector.calls

    question_id, (status, body), calls = asyncio.run(scenario())
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == ADAPTIVE
    card = body["value"]
    assert action_names(card) == ["ask_admin"]
    texts = card_texts(card)
    assert "⚠️ Allowed with conditions" in texts and "Thanks for the feedback!" in texts
    assert store.get_question(question_id).feedback is True
    assert len(calls) == 1                   # the answer only: nothing new posted for the feedback


def test_admins_answer_through_universal_actions_and_get_the_answered_card_back(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            await h.post(activity(h.service_url, text="register admins", sender=ADMIN, conversation=ADMINS_CHANNEL,
                                  conversation_type="channel"))
            assert await h.post(activity(h.service_url, text="Can I coach on a sick day?")) == 201
            [escalation] = store.list_escalations()
            refused = await h.exchange(invoke(h.service_url, "admin_answer", conversation=ADMINS_CHANNEL,
                                              escalation_id=escalation.id, answer="No."))
            answered = await h.exchange(invoke(h.service_url, "admin_answer", sender=ADMIN,
                                               conversation=ADMINS_CHANNEL, escalation_id=escalation.id,
                                               answer="Yes, with a note from HR.", save_as_ruling="false"))
            return refused, answered, h.connector.calls

    (refused_status, refused), (status, answered), calls = asyncio.run(scenario())
    assert refused_status == 200 and "only PolicyBot admins" in refused["value"]
    assert status == 200 and answered["type"] == ADAPTIVE
    assert "Answered by Alex Admin" in card_texts(answered["value"]) and "actions" not in answered["value"]
    to_asker = [c for c in calls if c.conversation == PERSONAL and c.body.get("attachments")][-1]
    assert "Yes, with a note from HR." in card_texts(to_asker.card)
    assert store.list_escalations()[0].status == "answered"


def test_feedback_from_older_clients_updates_the_pressed_card_instead_of_posting(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="Can I share student grades?")) == 201
            answer = h.connector.calls[0]
            record = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])[0]
            press = activity(h.service_url, text=None, reply_to_id=answer.created_id,
                             value={"action": "not_helpful", "question_id": record.id})
            assert await h.post(press) == 201
            return answer, h.connector.calls[1:]

    answer, after = asyncio.run(scenario())
    [update] = after                                          # one PUT, no new message
    assert (update.method, update.activity_id) == ("PUT", answer.created_id)
    assert action_names(update.card) == ["ask_admin"]
    assert "Thanks for the feedback!" in card_texts(update.card)
    assert card_texts(answer.card) in card_texts(update.card)   # the answer itself is unchanged


def test_registering_the_admins_channel_posts_the_questions_that_were_waiting(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            for question in ("Can I coach on a sick day?", "Can I sell raffle tickets?"):
                assert await h.post(activity(h.service_url, text=question)) == 201
            assert all(not e.admin_message for e in store.list_escalations())
            await h.post(activity(h.service_url, text="register admins", sender=ADMIN, conversation=ADMINS_CHANNEL,
                                  conversation_type="channel"))
            again = activity(h.service_url, text="register admins", sender=ADMIN, conversation=ADMINS_CHANNEL,
                             conversation_type="channel")
            await h.post(again)                         # registering twice posts nothing twice
            return h.connector.posts(ADMINS_CHANNEL)

    posts = asyncio.run(scenario())
    cards = [p for p in posts if p.body.get("attachments")]
    assert sorted(card_texts(p.card).splitlines()[1] for p in cards) == [
        "“Can I coach on a sick day?”", "“Can I sell raffle tickets?”"]
    assert "Posted 2 question(s) that were waiting for an admin." in [p.text for p in posts]
    assert all(e.admin_message.get("activity_id") for e in store.list_escalations())


def test_answer_cards_sent_proactively_are_remembered_too(settings, service, store):
    """Answers can arrive outside the asker's turn (late answers): their buttons still update the card."""
    from bot.teams.cards import answer_card
    from bot.teams.inbound import card_activity
    from tests.bot.teams.fakes import photos_answer

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            record = store.record_question(platform="teams", question="Can I post photos?", latency_ms=1.0,
                                           answer=photos_answer("Can I post photos?", "kimberly"),
                                           collection="kimberly", asker_id=ASKER["aadObjectId"])
            reference = {"channelId": "msteams", "serviceUrl": h.service_url, "conversation": {"id": PERSONAL},
                         "bot": {"id": "28:policybot"}, "user": ASKER}
            await h.proactive.send(reference, card_activity(answer_card(
                photos_answer("Can I post photos?", "kimberly"), record.id)))
            return await h.exchange(invoke(h.service_url, "not_helpful", question_id=record.id))

    status, body = asyncio.run(scenario())
    assert status == 200 and body["type"] == ADAPTIVE
    assert action_names(body["value"]) == ["ask_admin"] and "Allowed with conditions" in card_texts(body["value"])


def test_an_answer_card_no_longer_known_is_left_alone_and_thanked_in_words(settings, service, store):
    """After a restart the card's content is not in memory: never replace an answer with less than itself."""
    from tests.bot.teams.fakes import photos_answer

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            record = store.record_question(platform="teams", question="Can I post photos?", latency_ms=1.0,
                                           answer=photos_answer("Can I post photos?", "kimberly"),
                                           collection="kimberly", asker_id=ASKER["aadObjectId"])
            invoked = await h.exchange(invoke(h.service_url, "helpful", question_id=record.id))
            press = activity(h.service_url, text=None, reply_to_id="card-from-before-the-restart",
                             value={"action": "not_helpful", "question_id": record.id})
            assert await h.post(press) == 201
            return record.id, invoked, h.connector.calls

    question_id, (status, body), calls = asyncio.run(scenario())
    assert status == 200 and body == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                                      "value": "Thanks for the feedback!"}
    assert [(c.method, c.text) for c in calls] == [("POST", "Thanks for the feedback!")]
    assert store.get_question(question_id).feedback is False


def test_malformed_universal_actions_get_a_clear_answer_not_an_error(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            bodies = [{"action": {"type": "Action.Execute", "verb": "helpful", "data": ["not", "a", "dict"]}},
                      {"action": "helpful"}, {"action": {"verb": "drop_tables"}}]
            out = []
            for value in bodies:
                press = activity(h.service_url, kind="invoke", text=None, name="adaptiveCard/action", value=value)
                out.append(await h.exchange(press))
            return out

    (wrong_data, not_a_dict, not_execute) = asyncio.run(scenario())
    assert wrong_data[0] == 200 and wrong_data[1]["type"] == "application/vnd.microsoft.activity.message"
    for status, body in (not_a_dict, not_execute):      # refused by botbuilder itself: a 400, not a 500
        assert status == 400 and body["type"] == "application/vnd.microsoft.error", body
        assert body["value"]["code"] in ("BadRequest", "NotSupported")


def test_ask_an_admin_through_universal_actions_respects_the_hourly_limit(settings, service, store):
    """The limit (bot/application/asking) applies however the button is pressed; the card keeps its buttons."""
    from dataclasses import replace

    from bot.application.settings import AskingSettings

    limited = replace(settings, asking=AskingSettings(escalations_per_asker_per_hour=0))

    async def scenario():
        async with TeamsHarness(limited, service, store) as h:
            assert await h.post(activity(h.service_url, text="Can I post photos of my students?")) == 201
            [record] = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])
            return await h.exchange(invoke(h.service_url, "ask_admin", question_id=record.id))

    status, body = asyncio.run(scenario())
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert "last hour" in body["value"]
    assert store.list_escalations() == []
