"""app.yaml: per-collection document groups, a numbering convention, and the `staff_groups` section."""
import pytest

from bot.application.settings import SettingsError, load_settings


def load(tmp_path, text: str):
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path=path, env={})


def test_collection_groups_and_series(tmp_path):
    s = load(tmp_path, "collections:\n  conway:\n    organization: Conway\n    groups: {'3-*': [licensed], '8-*': classified, "
                       "'3-53-*': []}\n  ca:\n    group_series: csba\n")
    assert s.collections["conway"].groups == {"3-*": ("licensed",), "8-*": ("classified",), "3-53-*": ()}
    assert s.group_rules("conway").document(doc_id="3-39-records", title="Records") == ("licensed",)
    assert s.group_rules("ca").document(doc_id="ar-4261", title="Leaves", policy_code="4261") == ("classified",)
    assert s.group_rules("other").document(doc_id="x", title="Leaves") == ()


def test_staff_groups_section(tmp_path):
    s = load(tmp_path, "staff_groups:\n  directory: askers.csv\n  slack_usergroups: {S01: bus drivers}\n"
                       "  teams_groups: {aad-1: certificated}\n  ask: false\n")
    assert s.staff_groups.directory == "askers.csv" and s.staff_groups.ask is False
    assert s.staff_groups.slack_usergroups == {"S01": "bus_drivers"}
    assert s.staff_groups.teams_groups == {"aad-1": "licensed"}


@pytest.mark.parametrize("text,message", [
    ("collections:\n  c:\n    groups: {'3-*': [janitors]}\n", "collections.c.groups.3-\\*"),
    ("collections:\n  c:\n    groups: [licensed]\n", "collections.c.groups: expected a mapping"),
    ("staff_groups:\n  slack_usergroups: {S01: wizards}\n", "staff_groups.slack_usergroups"),
    ("staff_groups:\n  ask: sometimes\n", "true or false"),
    ("collections:\n  c:\n    group_series: dewey\n", "collections.c.group_series"),
    ("staff_groups:\n  directroy: x.csv\n", "unknown setting"),
])
def test_bad_settings_are_refused_with_the_setting_named(tmp_path, text, message):
    with pytest.raises(SettingsError, match=message):
        load(tmp_path, text)
