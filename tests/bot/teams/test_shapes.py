"""Teams activities of the wrong shape are acknowledged (200), logged once as bad input, never stored or sent."""
from __future__ import annotations

import asyncio
import logging

import pytest
import sqlalchemy as sa

from bot.teams.shapes import BadShape, check, problem
from tests.bot.teams.activities import ASKER, activity
from tests.bot.teams.connector import TeamsHarness

QUESTION = "Can I post photos of my class?"


def bad_activities(url: str):
    good = activity(url, text=QUESTION)
    yield "text is an object", {**good, "text": {"a": 1}}
    yield "text is a number", {**good, "text": 5}
    yield "from.id is a number", {**good, "from": {**ASKER, "id": 5}}
    yield "from.aadObjectId is an object", {**good, "from": {**ASKER, "aadObjectId": {"x": 1}}}
    yield "tenantId is an object", {**good, "conversation": {**good["conversation"], "tenantId": {"x": 1}}}
    yield "id is missing", {k: v for k, v in good.items() if k != "id"}
    yield "id is an object", {**good, "id": {"x": 1}}
    yield "entities is a string", {**good, "entities": "x"}
    yield "a mention's id is a list", {**good, "entities": [{"type": "mention", "mentioned": {"id": ["x"]}}]}
    yield "value is a string", {**good, "value": "x"}
    yield "replyToId is a list", {**good, "replyToId": [1]}
    yield "channelData.tenant.id is a number", {**good, "channelData": {"tenant": {"id": 7}}}
    yield "timestamp is not a time", {**good, "timestamp": "not a time"}
    yield "membersAdded holds a string", {**good, "type": "conversationUpdate", "membersAdded": ["x"]}


CASES = [what for what, _ in bad_activities("http://x/")]


@pytest.mark.parametrize("what", CASES)
def test_a_malformed_activity_is_acked_logged_and_dropped(what, settings, service, store, caplog):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            body = dict(bad_activities(h.service_url))[what]
            with caplog.at_level(logging.WARNING):
                return await h.post(body), h.connector.calls

    status, calls = asyncio.run(scenario())
    assert status == 200
    assert calls == [] and service.asked == []
    bad = [r.getMessage() for r in caplog.records if "bad input" in r.getMessage()]
    assert len(bad) == 1 and QUESTION not in bad[0]
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar() == 0


def test_a_good_activity_after_a_bad_one_is_answered(settings, service, store):
    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            bad = await h.post({**activity(h.service_url, text=QUESTION), "text": {"a": 1}})
            good = await h.post(activity(h.service_url, text=QUESTION))
            return bad, good, h.connector.calls

    bad, good, calls = asyncio.run(scenario())
    assert (bad, good) == (200, 201)
    assert len(service.asked) == 1 and len(calls) == 1


def test_well_formed_activities_pass():
    url = "https://smba.trafficmanager.net/amer/"
    check(activity(url, text=QUESTION))
    check(activity(url, text=None, kind="conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    check(activity(url, text="", value={"action": "helpful", "question_id": "1"}))
    check(activity(url, text=QUESTION, entities=[{"type": "mention", "text": "<at>PolicyBot</at>",
                                                  "mentioned": {"id": "28:bot", "name": "PolicyBot"}},
                                                 {"type": "clientInfo", "locale": "en-US"}]))
    check(activity(url, text=None, kind="invoke", name="adaptiveCard/action", value={"action": {"type": "x"}}))


def test_problems_name_the_field():
    body = {**activity("https://smba.trafficmanager.net/amer/", text="x"), "text": ["no"]}
    assert problem(body) == "activity.text is list"
    with pytest.raises(BadShape, match="from.id is missing"):
        check({**body, "text": "x", "from": {"name": "n"}})
    with pytest.raises(BadShape, match="conversation.isGroup is str"):
        check({**body, "text": "x", "conversation": {"id": "a", "isGroup": "yes"}})
