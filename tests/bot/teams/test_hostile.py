"""Hostile input through Teams: media types, serviceUrls, other bots, markdown in typed text, long questions."""
from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest

from bot.teams.service_urls import ServiceUrlPolicy
from tests.bot.teams.activities import ADMIN, ADMINS_CHANNEL, ASKER, PERSONAL, activity
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.connector import TeamsHarness

LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")          # a markdown link that would render as one
HOSTILE = "Can I [see the policy](https://evil.example/login) or ask <at>Principal</at> **now**?"


def test_only_the_exact_json_media_type_is_accepted(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            body = activity(h.service_url, text="Can I post photos?")
            return [await h.post(body, content_type=ct) for ct in (
                "text/plain; application/json", "text/plain;x=application/json", "application/jsonx",
                "application/json; charset=utf-8")], h.connector.calls

    statuses, calls = asyncio.run(scenario())
    assert statuses == [415, 415, 415, 201]
    assert len(calls) == 1 and len(service.asked) == 1


@pytest.mark.parametrize("url", ["http://169.254.169.254/", "https://smba.trafficmanager.net.evil.invalid/",
                                 "https://smba.trafficmanager.net@evil.invalid/", "file:///etc/passwd",
                                 "https://evil.invalid/smba.trafficmanager.net/"])
def test_activities_naming_an_untrusted_service_url_are_refused_before_anything_is_sent(
        url, settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            return await h.post(activity(url, text="Can I post photos?")), h.connector.calls

    status, calls = asyncio.run(scenario())
    assert status in (400, 403)
    assert calls == [] and service.asked == []


def test_service_url_policy_trusts_only_bot_framework_and_teams_hosts():
    public = ServiceUrlPolicy()
    for url in ("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/tenant/",
                "https://europe.webchat.botframework.com/", "https://smba.infra.gcc.teams.microsoft.com/",
                "https://smba.infra.gov.teams.microsoft.us/", "https://smba.trafficmanager.net:443/amer/"):
        assert public.allows(url), url
    for url in ("http://smba.trafficmanager.net/amer/", "https://trafficmanager.net/",
                "https://botframework.com.evil.example/", "https://evilbotframework.com/", "http://127.0.0.1:3978/", "https://169.254.169.254/",
                "https://smba.trafficmanager.net:8443/", None, 42, "https://x" * 1000):
        assert not public.allows(url), url
    local = ServiceUrlPolicy(allow_loopback=True)
    assert local.allows("http://127.0.0.1:52000/") and local.allows("http://localhost:3978/")
    assert not local.allows("http://169.254.169.254/")
    extended = ServiceUrlPolicy(["https://*.bots.example.org/teams/"])
    assert extended.allows("https://a.bots.example.org/teams/v3") and not extended.allows("https://a.bots.example.org/")


def test_stored_references_to_untrusted_hosts_are_never_contacted(settings, service, store):
    from bot.teams.admin_channel import AdminChannel

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            AdminChannel(settings).register({"channelId": "msteams", "serviceUrl": "http://169.254.169.254/",
                                             "conversation": {"id": ADMINS_CHANNEL}, "bot": {"id": "28:policybot"}})
            assert await h.post(activity(h.service_url, text="Can I take a sick day to coach?")) == 201
            return h.connector.calls

    [reply] = asyncio.run(scenario())         # the asker's answer; no attempt on the metadata address
    assert reply.conversation == PERSONAL
    assert store.list_escalations()[0].admin_message == {}


def test_messages_from_other_bots_are_ignored_unless_allowed(settings, service, store):
    other_bot = {"id": "28:other-bot", "name": "Echo", "role": "bot"}
    friend = {"id": "28:friendly-bot", "name": "Helper", "role": "bot"}
    allowing = replace(settings, teams=replace(settings.teams, allowed_bots=("28:friendly-bot",)))

    async def scenario():
        async with TeamsHarness(allowing, service, store) as h:
            ignored = await h.post(activity(h.service_url, text="Can I post photos?", sender=other_bot))
            answered = await h.post(activity(h.service_url, text="Can I share grades?", sender=friend))
            return ignored, answered, h.connector.calls

    ignored, answered, calls = asyncio.run(scenario())
    assert (ignored, answered) == (200, 201)
    assert service.asked == [("Can I share grades?", "kimberly")] and len(calls) == 1


def test_typed_text_cannot_become_links_or_mentions_in_cards(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            await h.post(activity(h.service_url, text="register admins", sender=ADMIN, conversation=ADMINS_CHANNEL,
                                  conversation_type="channel"))
            assert await h.post(activity(h.service_url, text=HOSTILE)) == 201
            [escalation] = store.list_escalations()
            answer = activity(h.service_url, text=None, sender=ADMIN, conversation=ADMINS_CHANNEL,
                              conversation_type="channel", reply_to_id="x",
                              value={"action": "admin_answer", "escalation_id": escalation.id,
                                     "answer": "Use [this form](https://evil.example/form) <at>Pat</at>"})
            assert await h.post(answer) == 201
            return h.connector.calls

    calls = asyncio.run(scenario())
    cards = [c.card for c in calls if c.body.get("attachments")]
    assert len(cards) >= 4         # the answer, the admins' card, the asker's answer, the updated admins' card
    for card in cards:
        texts = card_texts(card)
        assert not LINK.search(texts), texts
        assert "<at>" not in texts
    assert any("\\[see the policy\\](https://evil.example/login)" in card_texts(c) for c in cards)


def test_a_very_long_question_is_stored_capped_like_on_every_platform(settings, store, engine):
    question = "can I text my team about practice " + "please " * 3000

    async def scenario():
        async with TeamsHarness(replace(settings, data_dir=engine.settings.data_dir), engine, store) as h:
            assert await h.post(activity(h.service_url, text=question)) == 201
            return h.connector.calls

    [reply] = asyncio.run(scenario())
    [record] = store.recent_questions(platform="teams", asker_id=ASKER["aadObjectId"])
    assert len(record.question) == engine.settings.retrieval.max_question_chars
    assert "only the first 2,000 were read" in card_texts(reply.card)


def test_questions_stay_out_of_logs_above_debug(settings, service, store, caplog):
    import logging

    caplog.set_level(logging.INFO)

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            await h.post(activity(h.service_url, text="Can I post photos? zebracrossing"))
            await h.post(activity(h.service_url, text="Can I coach? zebracrossing", sender={**ASKER, "role": "bot"}))
            await h.post(activity(h.service_url, text=None, value={"action": "nonsense zebracrossing"}))

    asyncio.run(scenario())
    assert not any("zebracrossing" in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
