"""Teams questions through the inbox: typing indicator, redelivery, size cap, junk, health probes."""
from __future__ import annotations

import asyncio

from bot.application.escalations.inbox import DONE, Inbox
from tests.bot.teams.activities import ASKER, PERSONAL, activity
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.connector import TeamsHarness


def test_typing_indicator_then_answer_and_a_redelivery_is_not_answered_again(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            question = activity(h.service_url, text="Can I post photos of my students?")
            assert await h.post(question) == 201
            assert await h.post(question) == 201        # the Bot Connector re-sends the same activity
            return h.connector

    connector = asyncio.run(scenario())
    assert [(t.conversation, t.body["type"]) for t in connector.typing] == [(PERSONAL, "typing")]
    assert len(connector.calls) == 1 and "Allowed with conditions" in card_texts(connector.calls[0].card)
    assert len(service.asked) == 1
    assert Inbox(store.engine).counts() == {DONE: 1}


def test_a_huge_message_is_capped_and_nul_bytes_removed_before_storing(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="photo\x00 " + "y" * 1_000_000)) == 201

    asyncio.run(scenario())
    [(asked, _)] = service.asked
    assert len(asked) == 2000 and "\x00" not in asked
    [record] = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])
    assert len(record.question) == 2000


def test_message_without_words_asks_for_a_question(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="🤔🤔 ?!")) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert [c.text for c in calls] == ["Please ask a question in words, for example: “Can I text my team?”"]
    assert service.asked == [] and store.list_escalations() == []


def test_health_probes(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            async with h._session.get(h._bot_server.make_url("/healthz")) as live:
                async with h._session.get(h._bot_server.make_url("/readyz")) as ready:
                    return live.status, await live.json(), ready.status, await ready.json()

    assert asyncio.run(scenario()) == (200, {"status": "ok"}, 200, {"status": "ready"})


def test_question_is_still_answered_when_the_inbox_cannot_store_it(settings, service, store, caplog):
    from bot.teams.server import WORKER

    def broken(**kwargs):
        raise RuntimeError("database is down")

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            h._bot_app[WORKER].inbox.receive = broken
            assert await h.post(activity(h.service_url, text="Can I post photos of my students?")) == 201
            return h.connector.calls

    [reply] = asyncio.run(scenario())
    assert "Allowed with conditions" in card_texts(reply.card)
    assert "could not store a teams question in the inbox" in caplog.text


def test_ask_an_admin_presses_count_towards_the_hourly_limit(settings, service, store):
    from dataclasses import replace

    from bot.application.settings import AskingSettings

    limited = replace(settings, asking=AskingSettings(escalations_per_asker_per_hour=0))

    async def scenario():
        async with TeamsHarness(limited, service, store) as h:
            assert await h.post(activity(h.service_url, text="Can I post photos of my students?")) == 201
            [record] = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])
            press = activity(h.service_url, text=None, value={"action": "ask_admin", "question_id": record.id})
            assert await h.post(press) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    assert "last hour" in calls[-1].text
    assert store.list_escalations() == []
