"""Records of the question log, the escalation queue and admin rulings.

Plain frozen dataclasses (no SQLAlchemy) so Slack, Teams, the CLI and the admin
UI can share them. Timestamps are timezone-aware UTC `datetime`s.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from knowledge.models import Ruling

__all__ = ["ReplyAddress", "QuestionRecord", "Escalation", "RulingRecord", "AdminUser",
           "STATUSES", "OPEN", "ANSWERED", "RESOLVED", "DISMISSED"]

OPEN, ANSWERED, RESOLVED, DISMISSED = "open", "answered", "resolved", "dismissed"
STATUSES = (OPEN, ANSWERED, RESOLVED, DISMISSED)


@dataclass(frozen=True)
class ReplyAddress:
    """Platform-neutral "where to reply"; `data` is platform-specific JSON.

    slack: {"team": T, "channel": C, "thread_ts": ts|None, "user": U}
    teams: {"conversation_reference": {...Bot Framework ConversationReference as dict...}}
    """

    platform: str
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"platform": self.platform, "data": self.data}

    @classmethod
    def from_dict(cls, raw: dict | None) -> "ReplyAddress | None":
        if not raw:
            return None
        return cls(platform=raw["platform"], data=dict(raw.get("data") or {}))


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    asked_at: datetime
    platform: str
    tenant: str
    channel: str
    asker_id: str
    asker_name: str
    question: str               # "" once purged by the retention policy
    collection: str
    verdict: str
    escalated: bool
    clause_ids: list[str]
    latency_ms: float
    feedback: bool | None       # None: no feedback given
    topic: str = ""             # "document › section" of the top cited clause ("" if none)


@dataclass(frozen=True)
class Escalation:
    id: int
    question_id: int
    question: str
    platform: str
    tenant: str
    channel: str
    asker_id: str
    asker_name: str
    collection: str
    reason: str                 # an EscalationReason code; rows written before it existed may hold free text
    status: str                 # open | answered | resolved | dismissed
    created_at: datetime
    bot_answer: dict            # knowledge.models.Answer.to_dict()
    reply_to: ReplyAddress | None
    permalink: str
    admin_message: dict         # platform ref of the admin card, e.g. {"channel": C, "ts": ts}
    answered_by: str
    answer: str
    answered_at: datetime | None
    resolved_by: str
    resolved_at: datetime | None
    ruling_id: int | None
    version: int                # bumped on every change; pass back as expected_version

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class RulingRecord:
    id: int
    question: str
    answer: str
    answered_by: str
    answered_at: datetime
    collection: str
    escalation_id: int | None
    active: bool
    needs_review: bool = False          # a clause it rests on changed: hidden from askers until confirmed
    review_change_id: int | None = None  # the policy change that put it under review

    def to_ruling(self, similarity: float = 0.0) -> Ruling:
        """The core's `Ruling` value (shown labelled as an admin ruling, never as policy)."""
        return Ruling(id=self.id, question=self.question, answer=self.answer,
                      answered_by=self.answered_by, answered_at=self.answered_at.isoformat(),
                      similarity=similarity)


@dataclass(frozen=True)
class AdminUser:
    """An account of the admin web UI (the password hash never leaves the store)."""

    id: int
    username: str
    created_at: datetime
