"""Collection names, as every store takes them: checked before anything is opened or created."""
from __future__ import annotations

import re

# Each collection is stored as a few (`<name>`, `<name>--text`, `<name>--docs`): a name may not end like those.
SUFFIXES = ("--docs", "--text")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,60}[A-Za-z0-9]$")


def validate_collection_name(name: str) -> str:
    if not _NAME.match(name) or ".." in name or name.endswith(SUFFIXES):
        raise ValueError(f"invalid collection name {name!r}: use 3-62 letters, digits, '.', '_' or '-'")
    return name
