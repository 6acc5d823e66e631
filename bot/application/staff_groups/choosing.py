"""What a "which staff group are you?" button or card press does, the same on every platform.

The press carries a group and, when it answers a question, that question's log id. Both are hostile
input: the group must be a key of the vocabulary, the id a small positive number, and the question must
be the presser's own (same platform, same user), else it is not answered again. The choice is remembered
(`AskerGroups.choose`), unless an administrator assigned the presser's group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.application.escalations.models import QuestionRecord
from bot.application.staff_groups.askers import AskerGroups, GroupSetByAdmin
from knowledge.staff_groups.vocabulary import vocabulary

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# "group", "my group", "change my group", "staff group": a request to see or change one's group, not a question.
_GROUP_REQUEST = re.compile(r"^\s*(?:change\s+)?(?:my\s+)?(?:staff\s+)?group\s*[.!?]?\s*$", re.IGNORECASE)
MAX_QUESTION_ID = 10 ** 12


def is_group_request(text: object) -> bool:
    return isinstance(text, str) and bool(_GROUP_REQUEST.match(text))


class ChoiceRefused(ValueError):
    """A press that cannot be acted on; its message can be shown to the presser as it is."""


@dataclass(frozen=True)
class GroupPress:
    group: str                      # a vocabulary key
    question_id: int | None = None  # the question to answer again for this group


def parse_press(group: object, question_id: object = None) -> GroupPress:
    """A press's group and question id, checked (ChoiceRefused for anything else)."""
    if not isinstance(group, str) or not _KEY.match(group) or group not in vocabulary():
        raise ChoiceRefused("That isn't one of the staff groups I know, so nothing was changed.")
    if question_id in (None, ""):
        return GroupPress(group)
    if isinstance(question_id, str) and question_id.isdigit() and len(question_id) <= 12:
        question_id = int(question_id)
    if isinstance(question_id, bool) or not isinstance(question_id, int) or not 0 < question_id < MAX_QUESTION_ID:
        raise ChoiceRefused("That button no longer points to a question I can find.")
    return GroupPress(group, question_id)


def slack_value(group: str, question_id: int | None) -> str:
    """A Slack button's `value` for a press ("classified|42"; "classified|" without a question)."""
    return f"{group}|{question_id or ''}"


def parse_slack_value(value: object) -> GroupPress:
    if not isinstance(value, str) or value.count("|") != 1 or len(value) > 60:
        raise ChoiceRefused("That isn't one of the staff groups I know, so nothing was changed.")
    group, question_id = value.split("|")
    return parse_press(group, question_id)


@dataclass(frozen=True)
class Choice:
    group: str
    question: QuestionRecord | None   # the presser's own question to answer again, if any

    @property
    def label(self) -> str:
        return vocabulary().label(self.group)


def prompt_text(groups: tuple[str, ...]) -> str:
    """What an asker of unknown group is told when versions for different groups compete."""
    labels = [vocabulary().label(g) for g in groups]
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else "".join(labels)
    return (f"The policies on this have different versions for {listed}. Which staff group are you in? "
            "I'll remember your choice for your next questions.")


PICK_TEXT = "Which staff group are you in? I'll answer from the policies written for it."


def confirmation(choice: Choice, change_hint: str) -> str:
    return f"Got it: I'll answer from the policies for {choice.label}. {change_hint}"


def current_text(label: str, changeable: bool) -> str:
    if not label:
        return PICK_TEXT
    if not changeable:
        return f"Your staff group is {label}, set by your administrator; ask them if it is wrong."
    return f"Your staff group is {label}. Pick another below to change it."


def choose(groups: AskerGroups, store, *, platform: str, user_id: str, press: GroupPress,
           platform_group: str | None = None) -> Choice:
    """Remember the presser's group and find the question to answer again (ChoiceRefused when it cannot)."""
    if not user_id:
        raise ChoiceRefused("I can't tell who pressed that, so nothing was changed.")
    try:
        groups.choose(platform, user_id, press.group, platform_group=platform_group)
    except GroupSetByAdmin as exc:
        raise ChoiceRefused(current_text(vocabulary().label(str(exc)), False)) from None
    except RuntimeError as exc:
        raise ChoiceRefused("I couldn't save your choice just now; please try again in a minute.") from exc
    record = None
    if press.question_id is not None and store is not None:
        try:
            record = store.get_question(press.question_id)
        except Exception:         # not found, or the database is down: the choice still stands
            record = None
        if record is not None and (record.platform != platform or record.asker_id != user_id or not record.question):
            record = None         # someone else's question (a forged press), or purged: never answered again
    return Choice(press.group, record)


def version_note(answer) -> str:
    """The line an answer carries about whose version it quotes ("" when the text applies to everyone)."""
    if not answer.citations:
        return ""
    label = vocabulary().label(answer.staff_group) if answer.staff_group else ""
    if answer.staff_groups:
        others = [vocabulary().label(g) for g in answer.staff_groups if g != answer.staff_group]
        listed = ", ".join(others)
        if label:
            return f"This is the version for {label}; the policies also have one for {listed}."
        return f"The policies have different versions for {listed}."
    return f"This is the version for {label}." if label else ""
