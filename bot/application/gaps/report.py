"""The records of a gaps report: topics with counts, a weekly trend, examples and rulings.

No asker names or ids: a topic counts its askers, and a viewer sees who asked only by opening
one escalation (the admin UI's detail page).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from bot.application.escalations.gap_log import RequestedTopic
from bot.application.gaps.period import Period


@dataclass(frozen=True)
class TopicExample:
    question_id: int
    question: str
    asked_at: datetime
    collection: str
    escalation_id: int | None
    escalation_status: str


@dataclass(frozen=True)
class TopicRuling:
    id: int
    question: str
    answer: str
    answered_at: datetime
    active: bool
    escalation_id: int | None


@dataclass(frozen=True)
class GapTopic:
    anchor: int                         # the topic's first question: what the "policy requested" form sends
    name: str
    words: tuple[str, ...]
    questions: int
    askers: int                         # distinct askers (an unknown asker counts once per question)
    escalated: int
    open_escalations: int
    collections: tuple[str, ...]
    first_asked: datetime
    last_asked: datetime
    weekly: list[tuple[date, int]]
    examples: list[TopicExample]
    rulings: list[TopicRuling]
    requested: RequestedTopic | None
    question_ids: tuple[int, ...] = field(repr=False)
    centroid: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class GapReport:
    period: Period
    asked: int                          # every question of the period
    unanswered: int                     # the not-covered or escalated ones that were grouped
    truncated: bool                     # more unanswered questions than the service groups (the newest kept)
    topics: list[GapTopic]              # topics of at least `min_questions` questions, most askers first
    single: int                         # unanswered questions whose topic nobody else asked about
    weekly: list[tuple[date, int]]      # unanswered questions per week
    requested_elsewhere: list[RequestedTopic]   # marked topics with no topic in this period
