"""The ask flow with staff groups: the asker's group reaches the engine, and an unknown group is flagged to ask."""
from bot.application.asking.question import Question
from bot.application.asking.service import AskService
from bot.application.staff_groups.askers import AskerGroups
from bot.application.staff_groups.choices import GroupChoices
from bot.application.settings import Settings
from bot.application.staff_groups.settings import StaffGroupSettings
from tests.bot.grouped_answers import GroupedAnswers


def test_unknown_group_with_competing_versions_is_flagged_for_the_chat_to_ask(store, replier):
    answers = GroupedAnswers()
    service = AskService(Settings(env={}), answers, store)
    result = service.ask(Question(platform="slack", text="how many sick days?", asker_id="U1"), replier)
    assert result.ask_group and not result.asker_group.known
    assert answers.asked == [("how many sick days?", None)]
    # the CLI never asks (its --group flag is the way); a question with one version needs no group
    assert not service.ask(Question(platform="cli", text="how many sick days?", asker_id="me"), replier).ask_group
    assert not service.ask(Question(platform="slack", text="can I friend a student?", asker_id="U1"), replier).ask_group


def test_a_remembered_or_given_group_is_answered_for(store, replier):
    answers = GroupedAnswers()
    service = AskService(Settings(env={}), answers, store)
    GroupChoices(store.engine).set("teams", "aad-1", "classified")
    result = service.ask(Question(platform="teams", text="how many sick days?", asker_id="aad-1"), replier)
    assert not result.ask_group and result.answer.staff_group == "classified"
    service.ask(Question(platform="cli", text="how many sick days?", staff_group="licensed"), replier)
    assert answers.asked == [("how many sick days?", "classified"), ("how many sick days?", "licensed")]


def test_asking_can_be_turned_off(store, replier):
    settings = Settings(env={}, staff_groups=StaffGroupSettings(ask=False))
    service = AskService(settings, GroupedAnswers(), store, groups=AskerGroups(GroupChoices(store.engine)))
    assert not service.ask(Question(platform="slack", text="how many sick days?", asker_id="U1"), replier).ask_group
