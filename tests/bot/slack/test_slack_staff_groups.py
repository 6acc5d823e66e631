"""Staff groups in Slack: ask once with buttons, remember the press, answer again; /policy group; hostile presses."""
from __future__ import annotations

import pytest

from bot.application.settings import Settings
from bot.slack.settings import SlackSettings
from bot.application.staff_groups.settings import StaffGroupSettings
from tests.bot.grouped_answers import GroupedAnswers
from tests.bot.slack.harness import texts


@pytest.fixture
def answers():
    return GroupedAnswers()


def _buttons(blocks):
    return {e["action_id"]: e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_competing_versions_ask_with_buttons_then_answer_from_the_chosen_version(slack, mock_slack, answers, store):
    slack.dm("how many sick days do I get?")
    prompt = mock_slack.wait_for("/chat.postMessage")[0]
    assert "different versions for Licensed / certificated staff and Classified / support staff" in texts(prompt["blocks"])
    assert "one day per month" not in str(prompt["blocks"])        # no teacher's rule before we know the group
    buttons = _buttons(prompt["blocks"])
    qid = store.recent_questions(platform="slack", asker_id="UASKER")[0].id
    assert buttons == {"policybot_staff_group:licensed": f"licensed|{qid}",
                       "policybot_staff_group:classified": f"classified|{qid}"}

    slack.click("policybot_staff_group:classified", buttons["policybot_staff_group:classified"])
    confirm = mock_slack.wait_for("/respond/action-policybot_staff_group:classified")[0]
    assert confirm["replace_original"] is True
    assert "Classified / support staff" in confirm["text"]
    answer = mock_slack.wait_for("/chat.postMessage", 2)[1]
    body = texts(answer["blocks"])
    assert "five days a year" in body and "This is the version for Classified / support staff." in body
    assert answers.asked[-1] == ("how many sick days do I get?", "classified")
    assert "policybot_change_group" in _buttons(answer["blocks"])


def test_the_choice_is_remembered_and_not_asked_again(slack, mock_slack, answers, store):
    slack.dm("how many sick days do I get?")
    prompt = mock_slack.wait_for("/chat.postMessage")[0]
    slack.click("policybot_staff_group:licensed", _buttons(prompt["blocks"])["policybot_staff_group:licensed"])
    mock_slack.wait_for("/chat.postMessage", 2)
    slack.dm("and do unused sick days carry over?")
    third = mock_slack.wait_for("/chat.postMessage", 3)[2]
    assert "one day per month" in texts(third["blocks"])
    assert answers.asked[-1] == ("and do unused sick days carry over?", "licensed")


def test_policy_group_command_changes_the_remembered_group(slack, mock_slack, answers, app):
    app.policybot.asking.groups.choices.set("slack", "UASKER", "licensed")
    resp = slack.command("group")
    shown = resp.body if isinstance(resp.body, str) else ""
    assert "Your staff group is Licensed / certificated staff" in shown
    assert answers.asked == []                                     # not taken for a question
    slack.click("policybot_staff_group:classified", "classified|", ephemeral=True, channel="CGENERAL")
    mock_slack.wait_for("/respond/action-policybot_staff_group:classified")
    assert app.policybot.asking.groups.choices.get("slack", "UASKER") == "classified"
    assert mock_slack.bodies("/chat.postMessage") == []            # nothing to answer again


@pytest.mark.parametrize("action_id,value", [
    ("policybot_staff_group:janitor", "janitor|"),                    # unknown group
    ("policybot_staff_group:licensed", "classified|"),                # button and value disagree
    ("policybot_staff_group:licensed", "licensed|12345678901234"),    # absurd question id
    ("policybot_staff_group:licensed", "<script>|1"),
    ("policybot_staff_group:licensed", "licensed"),                   # no separator
])
def test_hostile_presses_are_refused_and_change_nothing(slack, mock_slack, app, action_id, value):
    slack.click(action_id, value)
    refused = mock_slack.wait_for(f"/respond/action-{action_id}")[0]
    assert "nothing was changed" in refused["text"] or "no longer points" in refused["text"]
    assert "<script>" not in refused["text"]
    assert app.policybot.asking.groups.choices.get("slack", "UASKER") is None


def test_a_press_on_someone_elses_question_remembers_the_group_but_answers_nothing(slack, mock_slack, answers, store, app):
    slack.dm("how many sick days do I get?", user="UOTHER")
    mock_slack.wait_for("/chat.postMessage")
    qid = store.recent_questions(platform="slack", asker_id="UOTHER")[0].id
    slack.click("policybot_staff_group:classified", f"classified|{qid}", user="UASKER")
    mock_slack.wait_for("/respond/action-policybot_staff_group:classified")
    assert app.policybot.asking.groups.choices.get("slack", "UASKER") == "classified"
    assert len(answers.asked) == 1 and len(mock_slack.bodies("/chat.postMessage")) == 1


def test_a_mapped_user_group_gives_the_group_without_asking(mock_slack, client, service, answers):
    from bot.slack.app import build_app
    from tests.bot.slack.harness import SIGNING_SECRET, SlackDriver

    settings = Settings(default_collection="default", env={}, slack=SlackSettings(mode="http", workspaces={"T1": "k"}),
                        staff_groups=StaffGroupSettings(slack_usergroups={"SDRIVERS": "bus_drivers"}))
    mock_slack.usergroup_members = ["UASKER"]
    slack = SlackDriver(build_app(settings, answers, service, client=client, signing_secret=SIGNING_SECRET), mock_slack)
    slack.dm("how many sick days do I get?")
    post = mock_slack.wait_for("/chat.postMessage")[0]
    assert "five days a year" in texts(post["blocks"])
    assert answers.asked == [("how many sick days do I get?", "bus_drivers")]
    assert "policybot_change_group" not in _buttons(post["blocks"])   # the administrator's word: not changeable
