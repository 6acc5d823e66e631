"""Reading staff-group values from app.yaml: each group checked against the vocabulary, errors naming the key.

Used by the application's settings (bot/application/settings.py, bot/application/staff_groups/settings.py):
    collections.<name>.groups: {doc id or glob: [group, ...]}   # [] = applies to everyone
    collections.<name>.group_series: csba                       # a numbering convention giving groups by code
"""
from __future__ import annotations

from typing import Any, Mapping

from knowledge.sections import SettingsError, shown
from knowledge.staff_groups.vocabulary import UnknownGroup, vocabulary


def group_map(raw: Any, key: str) -> dict[str, tuple[str, ...]]:
    """{pattern: (group, ...)} with every group checked (a single group may be written without a list)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SettingsError(key, f"expected a mapping of document ids or globs to lists of staff groups, got {shown(raw)}")
    out = {}
    for pattern, groups in raw.items():
        groups = [] if groups is None else [groups] if isinstance(groups, str) else groups
        if not isinstance(groups, (list, tuple)):
            raise SettingsError(f"{key}.{pattern}", f"expected a list of staff groups, got {shown(groups)}")
        try:
            out[str(pattern)] = tuple(dict.fromkeys(vocabulary().parse(str(g)) for g in groups))
        except UnknownGroup as exc:
            raise SettingsError(f"{key}.{pattern}", str(exc)) from None
    return out


def single_group_map(raw: Any, key: str) -> dict[str, str]:
    """{id: group} with each group checked."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SettingsError(key, f"expected a mapping of ids to staff groups, got {shown(raw)}")
    out = {}
    for name, group in raw.items():
        try:
            out[str(name)] = vocabulary().parse(str(group))
        except UnknownGroup as exc:
            raise SettingsError(f"{key}.{name}", str(exc)) from None
    return out


def check_series(series: Any, key: str) -> str:
    if series in (None, ""):
        return ""
    if not isinstance(series, str) or series not in vocabulary().series:
        raise SettingsError(key, f"expected one of {', '.join(vocabulary().series)}, got {shown(series)}")
    return series
