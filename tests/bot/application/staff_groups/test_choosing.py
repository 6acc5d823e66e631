"""A group button or card press: checked (hostile input), remembered, and only the presser's question answered again."""
import pytest

from bot.application.staff_groups.askers import AskerGroups
from bot.application.staff_groups.choices import GroupChoices
from bot.application.staff_groups.choosing import (ChoiceRefused, GroupPress, choose, is_group_request, parse_press,
                                                   parse_slack_value, prompt_text, slack_value, version_note)
from knowledge.models import Answer, Citation, Verdict


def test_press_values_round_trip():
    assert parse_slack_value(slack_value("classified", 42)) == GroupPress("classified", 42)
    assert parse_slack_value(slack_value("coaches", None)) == GroupPress("coaches", None)
    assert parse_press("licensed", "7") == GroupPress("licensed", 7)


@pytest.mark.parametrize("group,question_id", [
    ("janitors", None), (None, None), (["licensed"], None), ({"$gt": ""}, None), ("Licensed", None),
    ("licensed", -1), ("licensed", 0), ("licensed", True), ("licensed", 10 ** 13), ("licensed", "1e3"),
    ("licensed", 3.5), ("licensed", {"id": 1}),
])
def test_hostile_presses_are_refused(group, question_id):
    with pytest.raises(ChoiceRefused):
        parse_press(group, question_id)


@pytest.mark.parametrize("value", ["licensed", "licensed|1|2", "|1", 5, None, "licensed|" + "9" * 40])
def test_hostile_slack_values_are_refused(value):
    with pytest.raises(ChoiceRefused):
        parse_slack_value(value)


def test_group_requests_are_not_questions():
    assert all(is_group_request(t) for t in ["group", "My group", "change my group", "staff group?"])
    assert not any(is_group_request(t) for t in ["which group handles leave?", "group text with students", None])


def _record(store, asker: str, platform: str = "slack") -> int:
    answer = Answer(question="how many sick days?", verdict=Verdict.INFORMATIONAL, escalate=False,
                    escalation_reason=None, summary="")
    return store.record_question(platform=platform, question="how many sick days?", answer=answer, latency_ms=1.0,
                                 collection="conway", asker_id=asker).id


def test_choose_remembers_and_returns_the_presser_s_own_question(store):
    groups = AskerGroups(GroupChoices(store.engine))
    mine = _record(store, "U1")
    choice = choose(groups, store, platform="slack", user_id="U1", press=GroupPress("classified", mine))
    assert choice.question.id == mine and choice.label == "Classified / support staff"
    assert groups.of("slack", "U1").group == "classified"


def test_someone_else_s_question_or_another_platform_s_is_never_answered_again(store):
    groups = AskerGroups(GroupChoices(store.engine))
    theirs = _record(store, "U2")
    teams = _record(store, "U1", platform="teams")
    assert choose(groups, store, platform="slack", user_id="U1", press=GroupPress("licensed", theirs)).question is None
    assert choose(groups, store, platform="slack", user_id="U1", press=GroupPress("licensed", teams)).question is None
    assert choose(groups, store, platform="slack", user_id="U1", press=GroupPress("licensed", 999999)).question is None
    with pytest.raises(ChoiceRefused, match="can't tell who"):
        choose(groups, store, platform="slack", user_id="", press=GroupPress("licensed"))


def test_wording():
    assert "Licensed / certificated staff and Classified / support staff" in prompt_text(("licensed", "classified"))
    cited = Citation(clause_id="a:1", document="A", section="", locator="", text="t", score=0.5)
    both = Answer(question="q", verdict=Verdict.INFORMATIONAL, escalate=False, escalation_reason=None, summary="",
                  citations=(cited,), staff_group="licensed", staff_groups=("licensed", "classified"))
    assert version_note(both) == ("This is the version for Licensed / certificated staff; the policies also have "
                                  "one for Classified / support staff.")
    from dataclasses import replace
    assert version_note(replace(both, staff_groups=())) == "This is the version for Licensed / certificated staff."
    assert version_note(replace(both, staff_group="", staff_groups=())) == ""
    assert version_note(replace(both, citations=())) == ""
