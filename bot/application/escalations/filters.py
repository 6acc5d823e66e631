"""Validation of the values that filter and search the question log and the queue (admin UI and CLI).

Every such value comes from outside. Before it reaches SQL it must be one line of
printable, encodable text of bounded length: a NUL is refused by PostgreSQL, a
very long LIKE pattern by SQLite, and neither should ever turn into a crash.
Ids outside the range of the integer columns cannot exist, so they are NotFound.
"""
from __future__ import annotations

import re

from bot.application.escalations.errors import InvalidInput

MAX_FILTER_CHARS = 200      # platform, collection, status names are short identifiers
MAX_SEARCH_CHARS = 200      # a search is a few words, not a document
MAX_ID = 2**31 - 1          # INTEGER columns (PostgreSQL's int4 is the narrowest)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_filter(name: str, value: str | None, limit: int = MAX_FILTER_CHARS) -> str | None:
    """`value` stripped (None when empty); InvalidInput saying what is wrong with it otherwise."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text")
    if _CONTROL.search(value):
        raise InvalidInput(f"{name} contains a control character (such as NUL or a line break); remove it")
    if len(value) > limit:
        raise InvalidInput(f"{name} is {len(value):,} characters long; the limit is {limit}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{name} is not valid text (undecodable bytes)") from None
    return value.strip() or None


def valid_id(value: int) -> bool:
    return isinstance(value, int) and 1 <= value <= MAX_ID


def clean_version(value: int | None) -> int | None:
    if value is not None and not (isinstance(value, int) and 0 <= value <= MAX_ID):
        raise InvalidInput("version is out of range")
    return value
