"""The staff-group settings of app.yaml, typed and checked at load time.

Per collection (`collections.<name>`):
    groups: {doc id or glob: [group, ...]}   # the groups a document is written for ([] = everyone)
    group_series: csba                       # a numbering convention giving groups by policy code
Top level (`staff_groups`), who the askers are:
    directory: path/to/askers.csv            # an administrator's list: user id, group (platform optional)
    slack_usergroups: {S0123ABC: classified} # members of a Slack user group belong to a staff group
    teams_groups: {<team's AAD group id>: licensed}   # askers in that team's channels belong to it
    ask: true                                # ask an asker of unknown group when versions differ
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from knowledge.staff_groups.vocabulary import UnknownGroup, vocabulary


def group_map(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    """{pattern: [group, ...]} with every group checked (a single group may be written without a list)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must map a document id or glob to a list of staff groups")
    out = {}
    for key, groups in raw.items():
        groups = [] if groups is None else [groups] if isinstance(groups, str) else groups
        if not isinstance(groups, (list, tuple)):
            raise ValueError(f"{where}.{key} must be a list of staff groups")
        try:
            out[str(key)] = tuple(dict.fromkeys(vocabulary().parse(str(g)) for g in groups))
        except UnknownGroup as exc:
            raise ValueError(f"{where}.{key}: {exc}") from None
    return out


def check_series(series: str, where: str) -> None:
    if series and series not in vocabulary().series:
        raise ValueError(f"{where}: unknown numbering convention {series!r}; known: {', '.join(vocabulary().series)}")


def single_group_map(raw: Any, where: str) -> dict[str, str]:
    """{id: group} with each group checked."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must map an id to a staff group")
    try:
        return {str(k): vocabulary().parse(str(v)) for k, v in raw.items()}
    except UnknownGroup as exc:
        raise ValueError(f"{where}: {exc}") from None


@dataclass(frozen=True)
class StaffGroupSettings:
    directory: str = ""                                              # CSV of askers' groups
    slack_usergroups: Mapping[str, str] = field(default_factory=dict)  # Slack user group id -> staff group
    teams_groups: Mapping[str, str] = field(default_factory=dict)      # Teams team (AAD group) id -> staff group
    ask: bool = True                                                 # ask askers of unknown group

    @classmethod
    def from_raw(cls, raw: Any) -> "StaffGroupSettings":
        raw = dict(raw or {})
        unknown = set(raw) - {"directory", "slack_usergroups", "teams_groups", "ask"}
        if unknown:
            raise ValueError(f"unknown setting(s) in staff_groups: {', '.join(sorted(unknown))}")
        ask = raw.get("ask", True)
        if not isinstance(ask, bool):
            raise ValueError("staff_groups.ask must be true or false")
        return cls(directory=str(raw.get("directory") or ""),
                   slack_usergroups=single_group_map(raw.get("slack_usergroups"), "staff_groups.slack_usergroups"),
                   teams_groups=single_group_map(raw.get("teams_groups"), "staff_groups.teams_groups"), ask=ask)
