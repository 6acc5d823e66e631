""""Ask an admin": what every chat platform does when an asker presses that button under an answer.

The asker's hourly escalation limit is checked first, as for automatic escalations; past it nothing is
escalated and the asker is told to wait. Otherwise the question is escalated, once per question (a
second press finds the same escalation). Posting the admins' card and replying are the platform's part.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.application.asking.service import AskService, wait_notice
from bot.application.escalations.models import Escalation, ReplyAddress

ASKED_FOR_AN_ADMIN = "the asker asked for an admin"     # the escalation's reason


@dataclass(frozen=True)
class AdminRequest:
    """What came of one press: the escalation, or (None) the notice that refuses it."""

    escalation: Escalation | None = None
    refusal: str = ""       # what to tell the asker when nothing was escalated


def _no_permalink() -> str:
    return ""


def ask_an_admin(asking: AskService, question_id: int, *, asker_id: str, reply_to: ReplyAddress,
                 permalink: Callable[[], str] = _no_permalink) -> AdminRequest:
    """Escalate a logged question at its asker's request (`reply_to.platform` is the asker's platform).

    `permalink` is called only when the question is escalated (on Slack it is an API call). Raises
    `NotFound` for an unknown question; needs the ask service's store.
    """
    if asking.store is None:
        raise RuntimeError("asking an admin needs the question log")
    if asking.over_limit(reply_to.platform, asker_id):
        return AdminRequest(refusal=wait_notice(asking.settings.asking.escalations_per_asker_per_hour))
    escalation = asking.store.escalate(question_id, reason=ASKED_FOR_AN_ADMIN, reply_to=reply_to,
                                       permalink=permalink())
    return AdminRequest(escalation=escalation)
