"""The `staff_groups` section of app.yaml: who askers are, by staff group (README, "One policy per staff group").

    staff_groups:
      directory: askers.csv                 # an administrator's list: user_id,group[,platform]
      slack_usergroups: {S0123ABC: classified}   # members of a Slack user group belong to a staff group
      teams_groups: {<team's AAD group id>: licensed}   # askers in that team's channels belong to it
      ask: true                             # ask an asker of unknown group when versions differ

The documents' groups are per collection (`collections.<name>.groups`, `group_series`), read in
bot/application/settings.py with the checks of knowledge/staff_groups/settings.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from knowledge.sections import SettingsError, shown
from knowledge.staff_groups.settings import single_group_map

_KEYS = ("directory", "slack_usergroups", "teams_groups", "ask")


@dataclass(frozen=True)
class StaffGroupSettings:
    directory: str = ""                                                # CSV of askers' groups
    slack_usergroups: Mapping[str, str] = field(default_factory=dict)  # Slack user group id -> staff group
    teams_groups: Mapping[str, str] = field(default_factory=dict)      # Teams team (AAD group) id -> staff group
    ask: bool = True                                                   # ask askers of unknown group


def read_staff_groups(raw: Any, key: str = "staff_groups") -> StaffGroupSettings:
    if raw is None:
        return StaffGroupSettings()
    if not isinstance(raw, Mapping):
        raise SettingsError(key, f"expected a mapping of settings, got {shown(raw)}")
    for name in raw:
        if name not in _KEYS:
            raise SettingsError(f"{key}.{name}", f"unknown setting (known: {', '.join(sorted(_KEYS))})")
    ask = raw.get("ask", True)
    if not isinstance(ask, bool):
        raise SettingsError(f"{key}.ask", f"expected true or false, got {shown(ask)}")
    directory = raw.get("directory") or ""
    if not isinstance(directory, str):
        raise SettingsError(f"{key}.directory", f"expected a file path, got {shown(directory)}")
    return StaffGroupSettings(directory=directory,
                              slack_usergroups=single_group_map(raw.get("slack_usergroups"), f"{key}.slack_usergroups"),
                              teams_groups=single_group_map(raw.get("teams_groups"), f"{key}.teams_groups"), ask=ask)
