"""Conversation flows through botbuilder's TestAdapter: answer card, help, welcome card."""
from __future__ import annotations

import asyncio

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount

from bot.application.escalations.notify import NotifierRegistry
from bot.teams.cards import HELP_TEXT
from bot.teams.event_loop import ServerLoop
from bot.teams.inbound import ADAPTIVE_CARD
from bot.teams.notifier import Proactive, TeamsNotifier
from bot.teams.server import build_bot
from tests.bot.teams.cardtext import card_texts


def make_adapter(settings, service, store) -> TestAdapter:
    """Call inside the running loop: answers come from the inbox worker as proactive messages on it."""
    adapter = TestAdapter()
    proactive = Proactive(adapter)
    server_loop = ServerLoop()
    server_loop.bind(asyncio.get_running_loop())
    bot = build_bot(settings, service=service, store=store, proactive=proactive,
                    notifier=TeamsNotifier(proactive, server_loop), notifiers=NotifierRegistry(), server_loop=server_loop)
    adapter.logic = bot.on_turn
    return adapter


def is_typing(activity, description=None):
    assert activity.type == "typing"


def only_card(activity: Activity) -> dict:
    assert activity.type == "message"
    [attachment] = activity.attachments
    assert attachment.content_type == ADAPTIVE_CARD
    return attachment.content


def test_personal_question_gets_an_answer_card(settings, service, store):
    def is_answer(activity, description=None):
        texts = card_texts(only_card(activity))
        assert "⛔ Not allowed" in texts
        assert "“Employees shall not post confidential or proprietary information" in texts
        assert "Policy 5290: Employee Use of Social Media Sites, Including Personal Sites › " \
               "Confidential and Proprietary Information › ¶ 1" in texts

    async def flow():
        adapter = make_adapter(settings, service, store)
        step = await adapter.send("Can I post a student's grades in the staff chat?")
        await (await step.assert_reply(is_typing)).assert_reply(is_answer)

    asyncio.run(flow())
    [record] = store.recent_questions(platform="teams", asker_id="User1")
    assert (record.verdict, record.collection, record.asker_name) == ("prohibited", "default", "user")


def test_empty_message_gets_help(settings, service, store):
    async def flow():
        adapter = make_adapter(settings, service, store)
        step = await adapter.send("   ")
        await step.assert_reply(HELP_TEXT)
        step = await adapter.send("help")
        await step.assert_reply(HELP_TEXT)

    asyncio.run(flow())
    assert service.asked == []


def test_welcome_card_only_when_the_bot_itself_is_added(settings, service, store):
    async def flow():
        adapter = make_adapter(settings, service, store)
        await adapter.send(Activity(type="conversationUpdate", members_added=[ChannelAccount(id="someone-else")]))
        assert adapter.activity_buffer == []
        step = await adapter.send(Activity(type="conversationUpdate", members_added=[ChannelAccount(id="bot")]))
        return await step.assert_reply(welcome)

    def welcome(activity, description=None):
        texts = card_texts(only_card(activity))
        assert "I'm PolicyBot" in texts
        assert "Employee Use of Social Media Sites, Including Personal Sites: Adopted May 8, 2012, " \
               "revised June 11, 2019" in texts
        assert "Employee Use of Social Media (JNDC): undated" in texts
        assert "How to ask" in texts

    asyncio.run(flow())


def test_real_engine_answer_card_quotes_the_bundled_policy(settings, engine, store):
    """The Teams bot on the real engine (bundled policies, real model, real Chroma)."""
    def is_answer(activity, description=None):
        texts = card_texts(only_card(activity))
        assert "⛔ Not allowed" in texts
        assert "Listing current students as friends" in texts or "accept current students as friends" in texts

    async def flow():
        adapter = make_adapter(settings, engine, store)
        step = await adapter.send("Can I friend a student on Facebook?")
        await (await step.assert_reply(is_typing)).assert_reply(is_answer)

    asyncio.run(flow())
    [record] = store.recent_questions(platform="teams", asker_id="User1")
    assert record.verdict == "prohibited" and record.clause_ids
