"""An asker's group: the administrator's list, then the platform's groups, then the asker's remembered choice."""
import pytest

from bot.application.staff_groups.askers import ADMIN, CHOSEN, GIVEN, PLATFORM, AskerGroups, GroupSetByAdmin
from bot.application.staff_groups.choices import GroupChoices
from bot.application.staff_groups.directory import GroupDirectory


@pytest.fixture
def groups(store):
    return AskerGroups(GroupChoices(store.engine), GroupDirectory({("", "U-ADMIN-SET"): "management",
                                                                   ("teams", "aad-1"): "coaches"}))


def test_unknown_then_remembered_then_changed(groups):
    assert not groups.of("slack", "U1").known
    groups.choose("slack", "U1", "classified")
    assert (groups.of("slack", "U1").group, groups.of("slack", "U1").source) == ("classified", CHOSEN)
    groups.choose("slack", "U1", "licensed")                         # "change my group"
    assert groups.of("slack", "U1").group == "licensed"
    assert groups.of("teams", "U1").group is None                   # per platform user
    assert groups.forget("slack", "U1") and not groups.of("slack", "U1").known


def test_the_administrator_s_word_is_final(groups):
    assert (groups.of("slack", "U-ADMIN-SET").group, groups.of("slack", "U-ADMIN-SET").source) == ("management", ADMIN)
    assert groups.of("teams", "aad-1").group == "coaches" and groups.of("slack", "aad-1").group is None
    with pytest.raises(GroupSetByAdmin):
        groups.choose("slack", "U-ADMIN-SET", "classified")
    assert groups.of("slack", "U2", platform_group="bus_drivers").source == PLATFORM
    with pytest.raises(GroupSetByAdmin):
        groups.choose("slack", "U2", "licensed", platform_group="bus_drivers")


def test_a_group_given_for_one_question_wins_and_is_not_remembered(groups):
    assert groups.of("cli", "me", given="coaches").source == GIVEN
    assert groups.of("cli", "me").group is None


def test_a_database_outage_answers_without_a_group():
    class Down:
        def get(self, *a):
            raise OSError("database is down")

    assert not AskerGroups(Down()).of("slack", "U1").known
