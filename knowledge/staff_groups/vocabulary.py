"""The staff groups a policy can be written for, as typed data read from `knowledge/language/staff_groups.yaml`.

A group has a key (`classified`), a label askers see (`Classified / support staff`), maybe a wider group it
belongs to (`bus_drivers` within `classified`), the patterns a title or scope statement names it by, and
the words an asker may type to pick it. Nothing here knows a particular manual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import yaml

_FILE = Path(__file__).resolve().parents[1] / "language" / "staff_groups.yaml"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class StaffGroup:
    key: str                        # "classified"
    label: str                      # "Classified / support staff"
    within: str = ""                # the wider group ("" for a top-level group)
    names: tuple[str, ...] = ()     # regular expressions naming the group in a title or scope statement
    choose: tuple[str, ...] = ()    # what an asker may type to pick it


class UnknownGroup(ValueError):
    """A group key, label or word that names no staff group."""


@dataclass(frozen=True, eq=False)   # compared and hashed by identity: compiled patterns are cached per vocabulary
class GroupVocabulary:
    groups: Mapping[str, StaffGroup]
    exclusions: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    definitions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # group -> "employee means ..."
    series: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # convention -> ((code, group), ...)

    def __post_init__(self):
        for group in self.groups.values():
            if not _KEY.match(group.key):
                raise ValueError(f"staff group key {group.key!r}: lower-case letters, digits and _ only")
            if group.within and group.within not in self.groups:
                raise ValueError(f"staff group {group.key!r} is within {group.within!r}, which is not a group")

    def __contains__(self, key: object) -> bool:
        return key in self.groups

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.groups)

    def label(self, key: str) -> str:
        group = self.groups.get(key)
        return group.label if group else key

    def lineage(self, key: str) -> tuple[str, ...]:
        """The group and every wider group it belongs to, narrowest first (bus_drivers, classified)."""
        out: list[str] = []
        while key and key in self.groups and key not in out:
            out.append(key)
            key = self.groups[key].within
        return tuple(out)

    def family(self, key: str) -> str:
        """The widest group a group belongs to (classified for bus_drivers)."""
        lineage = self.lineage(key)
        return lineage[-1] if lineage else key

    def parse(self, value: object) -> str:
        """The key of the group an outside value names (a key, a label or one of its `choose` words).

        Raises `UnknownGroup` for anything else: values from buttons, cards and flags are hostile."""
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            raise UnknownGroup("not a staff group")
        text = " ".join(value.lower().replace("-", " ").split())
        for group in self.groups.values():
            words = {group.key, group.key.replace("_", " "), group.label.lower(), *(c.lower() for c in group.choose)}
            if text in words:
                return group.key
        raise UnknownGroup(f"unknown staff group; choose one of: {', '.join(self.keys)}")

    def narrowest(self, keys: Iterable[str]) -> tuple[str, ...]:
        """The keys without those that are a wider group of another one ("classified, bus drivers" names
        the bus drivers' version), in vocabulary order."""
        keys = self.keys_in(keys)
        wider = {w for k in keys for w in self.lineage(k)[1:]}
        return tuple(k for k in keys if k not in wider)

    def keys_in(self, values: Iterable[str]) -> tuple[str, ...]:
        """The known group keys among `values`, in vocabulary order, each once (unknown ones dropped)."""
        wanted = set(values)
        return tuple(k for k in self.groups if k in wanted)


def _patterns(raw: Iterable) -> tuple[str, ...]:
    return tuple(str(p) for p in raw or ())


def from_mapping(raw: Mapping) -> GroupVocabulary:
    groups = {}
    for key, entry in (raw.get("groups") or {}).items():
        entry = entry or {}
        groups[str(key)] = StaffGroup(key=str(key), label=str(entry.get("label") or key),
                                      within=str(entry.get("within") or ""), names=_patterns(entry.get("names")),
                                      choose=_patterns(entry.get("choose")))
    definitions = {str(k): _patterns(v) for k, v in (raw.get("definitions") or {}).items()}
    series = {str(name): tuple((str(r["code"]), str(r["group"])) for r in rules or ())
              for name, rules in (raw.get("series") or {}).items()}
    vocabulary = GroupVocabulary(groups=groups, exclusions=_patterns(raw.get("exclusions")),
                                 scope=_patterns(raw.get("scope")), definitions=definitions, series=series)
    for rules in series.values():
        for pattern, group in rules:
            re.compile(pattern)
            if group not in groups:
                raise ValueError(f"staff group series names unknown group {group!r}")
    return vocabulary


@lru_cache(maxsize=1)
def vocabulary() -> GroupVocabulary:
    """The shipped vocabulary (loaded once)."""
    return from_mapping(yaml.safe_load(_FILE.read_text(encoding="utf-8")))
