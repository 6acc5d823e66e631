"""Type checks for inbound chat payloads, shared by the Slack and Teams edges (`bot/slack/shapes.py`,
`bot/teams/shapes.py`): a field we read must have the documented type; unknown fields are ignored. A failure
names the field, never its value."""
from __future__ import annotations


class BadShape(ValueError):
    """What is wrong with a payload, in a few words naming the field (never its value)."""


def check_type(value, kinds, name: str) -> None:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if isinstance(value, bool) and bool not in kinds:
        raise BadShape(f"{name} is a boolean")
    if not isinstance(value, kinds):
        raise BadShape(f"{name} is {type(value).__name__}")


def check_fields(container: dict, where: str, required: dict | None = None, optional: dict | None = None) -> None:
    for key, kinds in (required or {}).items():
        if key not in container:
            raise BadShape(f"{where}.{key} is missing")
        check_type(container[key], kinds, f"{where}.{key}")
    for key, kinds in (optional or {}).items():
        if key in container:
            check_type(container[key], kinds, f"{where}.{key}")
