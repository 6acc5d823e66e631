"""An asker's staff group: the administrator's list, then the platform's groups, then the asker's own choice.

The administrator's word (the CSV directory, or membership of a Slack user group / Teams team mapped in
app.yaml) is final: an asker cannot change it, and is told so. Otherwise the group the asker chose (when
the bot asked, or with "change my group") is remembered per platform user.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.application.staff_groups.choices import GroupChoices
from bot.application.staff_groups.directory import GroupDirectory
from knowledge.staff_groups.vocabulary import vocabulary

log = logging.getLogger(__name__)

ADMIN, PLATFORM, CHOSEN, GIVEN = "admin", "platform", "chosen", "given"


@dataclass(frozen=True)
class AskerGroup:
    group: str | None        # a vocabulary key, None when unknown
    source: str = ""         # admin | platform | chosen | given (this question only) | "" (unknown)

    @property
    def known(self) -> bool:
        return self.group is not None

    @property
    def changeable(self) -> bool:
        """An administrator's assignment is not the asker's to change."""
        return self.source not in (ADMIN, PLATFORM)

    def label(self) -> str:
        return vocabulary().label(self.group) if self.group else ""


class GroupSetByAdmin(PermissionError):
    """The asker's group comes from the administrator's list; the asker cannot change it."""


class AskerGroups:
    def __init__(self, choices: GroupChoices | None, directory: GroupDirectory | None = None):
        self.choices = choices
        self.directory = directory or GroupDirectory()

    def of(self, platform: str, user_id: str, *, given: str | None = None, platform_group: str | None = None) -> AskerGroup:
        """`given`: a group named for this one question (CLI --group, a button press); `platform_group`: the
        group the platform's membership gives (Slack user group, Teams team), looked up by the adapter."""
        if given:
            return AskerGroup(given, GIVEN)
        admin = self.directory.group_of(platform, user_id)
        if admin:
            return AskerGroup(admin, ADMIN)
        if platform_group:
            return AskerGroup(platform_group, PLATFORM)
        if self.choices is not None and user_id:
            try:
                chosen = self.choices.get(platform, user_id)
            except Exception as exc:      # the database is down: answer without a group rather than not at all
                log.warning("could not read %s user's staff group: %s", platform, str(exc).splitlines()[0])
                chosen = None
            if chosen in vocabulary():
                return AskerGroup(chosen, CHOSEN)
        return AskerGroup(None)

    def choose(self, platform: str, user_id: str, group: str, *, platform_group: str | None = None) -> AskerGroup:
        """Remember the asker's choice (a checked vocabulary key). GroupSetByAdmin when the group is assigned."""
        current = self.of(platform, user_id, platform_group=platform_group)
        if not current.changeable:
            raise GroupSetByAdmin(current.group)
        if self.choices is None:
            raise RuntimeError("the question log is not available, so a staff group cannot be remembered")
        self.choices.set(platform, user_id, group)
        return AskerGroup(group, CHOSEN)

    def forget(self, platform: str, user_id: str) -> bool:
        return bool(self.choices and self.choices.forget(platform, user_id))


def asker_groups(settings, store) -> AskerGroups:
    """The askers' groups for an entry point: choices in the store's database (none without a store), and
    the administrator's CSV when `staff_groups.directory` names one (DirectoryError if it is broken)."""
    from bot.application.staff_groups.directory import load_directory

    path = settings.staff_groups.directory
    directory = load_directory(path) if path else None
    engine = getattr(store, "engine", None)
    return AskerGroups(GroupChoices(engine) if engine is not None else None, directory)
