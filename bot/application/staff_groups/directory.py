"""An administrator's list of askers' staff groups: a CSV file named by `staff_groups.directory`.

Columns (a header row is required): `user_id,group` and optionally `platform` (slack | teams | cli; empty:
any platform). A group may be written as its key, its label or one of its words ("certificated"). A row
naming an unknown group or missing a user id is an error that names the line, so a typo never silently
leaves an asker without a group.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from knowledge.staff_groups.vocabulary import UnknownGroup, vocabulary

PLATFORMS = ("slack", "teams", "cli")
MAX_ROWS = 200_000


class DirectoryError(ValueError):
    """The administrator's CSV cannot be read as a list of askers and groups."""


@dataclass(frozen=True)
class GroupDirectory:
    by_user: Mapping[tuple[str, str], str] = field(default_factory=dict)   # (platform or "", user id) -> group

    def group_of(self, platform: str, user_id: str) -> str | None:
        if not user_id:
            return None
        return self.by_user.get((platform, user_id)) or self.by_user.get(("", user_id))

    def __len__(self) -> int:
        return len(self.by_user)


def load_directory(path: str | Path) -> GroupDirectory:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError(f"staff_groups.directory: cannot read {path}: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "user_id" not in header or "group" not in header:
        raise DirectoryError(f"staff_groups.directory: {path} needs a header row with user_id and group columns")
    reader.fieldnames = header
    out: dict[tuple[str, str], str] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS:
            raise DirectoryError(f"staff_groups.directory: {path} has more than {MAX_ROWS:,} rows")
        user = (row.get("user_id") or "").strip()
        platform = (row.get("platform") or "").strip().lower()
        if not user and not (row.get("group") or "").strip():
            continue
        if not user or len(user) > 200:
            raise DirectoryError(f"staff_groups.directory: {path} line {line}: a user id is needed (at most 200 characters)")
        if platform and platform not in PLATFORMS:
            raise DirectoryError(f"staff_groups.directory: {path} line {line}: platform must be one of {', '.join(PLATFORMS)}")
        try:
            out[(platform, user)] = vocabulary().parse(row.get("group") or "")
        except UnknownGroup as exc:
            raise DirectoryError(f"staff_groups.directory: {path} line {line}: {exc}") from None
    return GroupDirectory(out)
