"""Staff groups in Teams (botbuilder TestAdapter): the group card, a submitted choice, "my group", hostile data."""
from __future__ import annotations

import asyncio

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.application.settings import Settings
from bot.teams.settings import TeamsSettings
from bot.application.staff_groups.settings import StaffGroupSettings
from tests.bot.grouped_answers import GroupedAnswers
from tests.bot.teams.cardtext import card_texts
from tests.bot.teams.test_conversation import is_typing, make_adapter, only_card


@pytest.fixture
def service():
    return GroupedAnswers()


def submit(value: dict) -> Activity:
    """What an older Teams client sends for an `Action.Submit` press: a message whose value is the data."""
    return Activity(type="message", value=value)


def says(*fragments: str):
    """An assert_reply check (TestAdapter ignores a check's return value: it must assert)."""
    def check(activity, description=None):
        assert activity.type == "message" and any(f in (activity.text or "") for f in fragments), activity.text
    return check


def card_says(fragment: str):
    def check(activity, description=None):
        assert fragment in card_texts(only_card(activity))
    return check


def anything(activity, description=None):
    assert activity.type == "message"


def choices(card: dict) -> dict:
    return {a["title"]: a["data"] for a in card.get("actions", [])}


def test_competing_versions_get_a_group_card_and_a_submitted_choice_answers_from_that_version(settings, service, store):
    seen = {}

    def is_prompt(activity, description=None):
        card = only_card(activity)
        assert "different versions for Licensed / certificated staff and Classified / support staff" in card_texts(card)
        assert "one day per month" not in str(card)
        seen["choices"] = choices(card)

    def is_answer(activity, description=None):
        texts = card_texts(only_card(activity))
        assert "five days a year" in texts and "This is the version for Classified / support staff." in texts

    async def flow():
        adapter = make_adapter(settings, service, store)
        step = await adapter.send("how many sick days do I get?")
        await (await step.assert_reply(is_typing)).assert_reply(is_prompt)
        data = seen["choices"]["Classified / support staff"]
        assert data["action"] == "staff_group" and data["group"] == "classified"
        step = await adapter.send(submit(data))
        step = await step.assert_reply(says("Classified / support staff"))
        await step.assert_reply(is_answer)
        # remembered: the next question is answered from the classified version without asking
        step = await adapter.send("and can I carry sick days over?")
        await (await step.assert_reply(is_typing)).assert_reply(card_says("five days a year"))

    asyncio.run(flow())
    assert service.asked[-1] == ("and can I carry sick days over?", "classified")


def test_my_group_shows_the_group_and_changes_it(settings, service, store):
    def is_picker(activity, description=None):
        card = only_card(activity)
        assert "Pick another below" in card_texts(card)
        assert "Bus drivers" in choices(card)

    async def flow():
        adapter = make_adapter(settings, service, store)
        step = await adapter.send("how many sick days do I get?")
        await (await step.assert_reply(is_typing)).assert_reply(card_says("Which staff group are you in?"))
        qid = store.recent_questions(platform="teams", asker_id="User1")[0].id
        step = await adapter.send(submit({"action": "staff_group", "group": "licensed", "question_id": qid}))
        await (await step.assert_reply(says("Licensed / certificated staff"))).assert_reply(card_says("one day per month"))
        step = await adapter.send("change my group")
        await step.assert_reply(is_picker)
        step = await adapter.send(submit({"action": "staff_group", "group": "bus_drivers", "question_id": 0}))
        await step.assert_reply(says("Bus drivers"))

    asyncio.run(flow())
    from bot.application.staff_groups.choices import GroupChoices
    assert GroupChoices(store.engine).get("teams", "User1") == "bus_drivers"
    assert [g for _, g in service.asked] == [None, "licensed"]     # "change my group" was not a question


@pytest.mark.parametrize("value", [
    {"action": "staff_group", "group": "janitor"},
    {"action": "staff_group", "group": {"$ne": 1}},
    {"action": "staff_group", "group": "licensed", "question_id": "1; drop table"},
    {"action": "staff_group", "group": "licensed", "question_id": -4},
    {"action": "staff_group", "group": "<at>Admin</at>"},
])
def test_hostile_card_data_is_refused_and_changes_nothing(settings, service, store, value):
    async def flow():
        adapter = make_adapter(settings, service, store)
        step = await adapter.send(submit(value))
        await step.assert_reply(says("nothing was changed", "no longer points"))

    asyncio.run(flow())
    from bot.application.staff_groups.choices import GroupChoices
    assert GroupChoices(store.engine).get("teams", "User1") is None
    assert service.asked == []


def test_a_mapped_team_gives_its_group_without_asking(tmp_path, service, store):
    settings = Settings(data_dir=tmp_path / "data", default_collection="default", env={}, teams=TeamsSettings(),
                        staff_groups=StaffGroupSettings(teams_groups={"aad-group-custodians": "custodial"}))

    async def flow():
        adapter = make_adapter(settings, service, store)
        message = Activity(type="message", text="how many sick days do I get?",
                           conversation=ConversationAccount(id="19:channel", conversation_type="channel"),
                           channel_data={"team": {"id": "19:team", "aadGroupId": "aad-group-custodians"}},
                           from_property=ChannelAccount(id="User1", name="user"))
        step = await adapter.send(message)
        await (await step.assert_reply(is_typing)).assert_reply(card_says("five days a year"))

    asyncio.run(flow())
    assert service.asked == [("how many sick days do I get?", "custodial")]


def test_universal_action_press_over_http_replaces_the_group_card_and_answers(settings, service, store):
    from tests.bot.teams.activities import ASKER, activity
    from tests.bot.teams.connector import ADAPTIVE, TeamsHarness
    from tests.bot.teams.test_card_actions import invoke

    async def scenario():
        async with TeamsHarness(settings, service, store) as h:
            assert await h.post(activity(h.service_url, text="how many sick days do I get?")) == 201
            [prompt] = h.connector.posts()
            card = prompt.body["attachments"][0]["content"]
            data = choices(card)["Classified / support staff"]
            response = await h.exchange(invoke(h.service_url, "staff_group", group=data["group"],
                                               question_id=data["question_id"]))
            forged = await h.exchange(invoke(h.service_url, "staff_group", group="root", question_id=1))
            return response, forged, h.connector.posts()

    (status, body), (_, forged), posts = asyncio.run(scenario())
    assert status == 200 and body["type"] == ADAPTIVE
    assert "I'll answer from the policies for Classified / support staff" in card_texts(body["value"])
    answer = posts[-1].body["attachments"][0]["content"]
    assert "five days a year" in card_texts(answer)
    assert "nothing was changed" in forged["value"]
    assert service.asked[-1] == ("how many sick days do I get?", "classified")
    from bot.application.staff_groups.choices import GroupChoices
    assert GroupChoices(store.engine).get("teams", ASKER["aadObjectId"]) == "classified"
