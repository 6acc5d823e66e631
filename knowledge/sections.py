"""Typed settings sections: one section of `app.yaml` read into a frozen dataclass, every value checked once.

A section is a frozen dataclass whose fields say their type (`int`, `float`, `bool`, `str`,
`tuple[str, ...]`, `Mapping[str, str]`) and, through `setting(...)`, what else a value must be
(a range, one of a few choices, a check of its own). `read_section` refuses anything else with a
`SettingsError` naming the full dotted key and what is expected, in one line:

    retrieval.min_relevance: expected a number, got 'high'
    slack.ping_secs: unknown setting (known: admin_channel, admin_usergroup, ...)

Every part of PolicyBot owns its sections (the core: knowledge/settings.py; each adapter: its
folder's settings.py; the application: bot/application/settings.py) and they all use this one reader,
so every entry point turns one exception type into one line and exit code 2.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import math
import typing
from typing import Any, Callable, Mapping

_MISSING = dataclasses.MISSING


class SettingsError(ValueError):
    """A setting that cannot work; the message is one line starting with the dotted key."""

    def __init__(self, key: str, problem: str, *, where: str = ""):
        super().__init__(": ".join(part for part in (where, key, problem) if part))
        self.key = key
        self.problem = problem
        self.where = where

    def within(self, where: str) -> "SettingsError":
        """The same error, saying which file (or the environment) held the value."""
        return SettingsError(self.key, self.problem, where=where)


def setting(default: Any = _MISSING, *, low: float | None = None, high: float | None = None,
            choices: tuple[str, ...] = (), check: Callable[[Any], str | None] | None = None,
            default_factory: Any = _MISSING) -> Any:
    """A section field with its limits: `low`/`high` (inclusive), `choices`, or `check(value) -> problem or None`."""
    meta = {"low": low, "high": high, "choices": choices, "check": check}
    if default_factory is not _MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def shown(value: Any) -> str:
    """A value as an error message shows it: short, one line."""
    if value is None:
        return "nothing (an empty value)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_value(key: str, value: Any, kind: Any, meta: Mapping[str, Any]) -> Any:
    """`value` as the field's type (int widened to float, list to tuple), or SettingsError naming `key`."""
    given, value = value, _typed(key, value, kind)
    low, high, choices, check = (meta.get(k) for k in ("low", "high", "choices", "check"))
    if choices and value not in choices:
        raise SettingsError(key, f"expected one of {', '.join(choices)}, got {shown(given)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise SettingsError(key, f"expected {_range(low, high)}, got {shown(given)}")
    if check is not None:
        if isinstance(value, tuple):
            for n, item in enumerate(value):
                problem = check(item)
                if problem:
                    raise SettingsError(f"{key}[{n}]", f"{problem}, got {shown(item)}")
        else:
            problem = check(value)
            if problem:
                raise SettingsError(key, f"{problem}, got {shown(value)}")
    return value


def _range(low, high) -> str:
    if low is not None and high is not None:
        return f"a number from {low} to {high}"
    return f"a number >= {low}" if low is not None else f"a number <= {high}"


def _typed(key: str, value: Any, kind: Any) -> Any:
    origin = typing.get_origin(kind)
    if kind is bool:
        if not isinstance(value, bool):
            raise SettingsError(key, f"expected true or false, got {shown(value)}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(key, f"expected a whole number, got {shown(value)}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SettingsError(key, f"expected a number, got {shown(value)}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            hint = " (in quotes)" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""
            raise SettingsError(key, f"expected text{hint}, got {shown(value)}")
        return value
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise SettingsError(key, f"expected a list, e.g. [a, b], got {shown(value)}")
        return tuple(_typed(f"{key}[{n}]", item, str) for n, item in enumerate(value))
    if origin in (collections.abc.Mapping, dict):
        if not isinstance(value, Mapping):
            raise SettingsError(key, f"expected a mapping, e.g. {{name: value}}, got {shown(value)}")
        return {_typed(key, name, str): _typed(f"{key}.{name}", item, str) for name, item in value.items()}
    raise TypeError(f"{key}: settings of type {kind!r} are not supported")   # a programming error, not input


def read_section(cls: type, raw: Any, key: str):
    """The section `cls` from `raw` (the YAML under `key`; None or absent means all defaults)."""
    if raw is None:
        return cls()
    if not isinstance(raw, Mapping):
        raise SettingsError(key, f"expected a mapping of settings, got {shown(raw)}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    for name in raw:
        if name not in fields:
            raise SettingsError(f"{key}.{name}", f"unknown setting (known: {', '.join(sorted(fields))})")
    hints = typing.get_type_hints(cls)
    values = {name: check_value(f"{key}.{name}", value, hints[name], fields[name].metadata)
              for name, value in raw.items()}
    return cls(**values)


def check_section(section: Any, key: str) -> None:
    """Check a section built in code (tests, overrides) as `read_section` checks one read from YAML."""
    hints = typing.get_type_hints(type(section))
    for f in dataclasses.fields(section):
        if f.init and f.name in hints:
            check_value(f"{key}.{f.name}", getattr(section, f.name), hints[f.name], f.metadata)


class Section:
    """Base of a section with a fixed place in app.yaml (`KEY`): checked however it is built."""

    KEY: typing.ClassVar[str] = ""

    def __post_init__(self):
        check_section(self, self.KEY)
