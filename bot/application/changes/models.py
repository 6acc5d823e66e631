"""The records of change notices: plain frozen dataclasses shared by the CLI, the admin UI and the notifiers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.application.escalations.models import ReplyAddress
from knowledge.clause_changes import ChangeKind, ClauseChange

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
NOTICE_STATUSES = (PENDING, SENDING, SENT, FAILED)


@dataclass(frozen=True)
class PolicyChange:
    """One document's clause-level changes found by one re-ingest."""

    id: int
    collection: str
    doc_id: str
    title: str
    detected_at: datetime
    changes: tuple[ClauseChange, ...]
    notices_queued: int

    def count(self, kind: ChangeKind) -> int:
        return sum(c.kind == kind for c in self.changes)


@dataclass(frozen=True)
class NoticeItem:
    """One earlier answer made stale: what was asked, the wording it cited then and now, the answer now."""

    question: str
    asked_at: str               # ISO 8601
    citation: str               # where the clause sat ("document › section › item 3")
    old_text: str               # the clause as the asker was shown it
    new_text: str               # "" when the clause was removed
    verdict: str                # the engine's answer now (knowledge.models.Verdict value)
    summary: str

    def to_dict(self) -> dict:
        return {"question": self.question, "asked_at": self.asked_at, "citation": self.citation,
                "old_text": self.old_text, "new_text": self.new_text, "verdict": self.verdict,
                "summary": self.summary}

    @classmethod
    def from_dict(cls, raw: dict) -> "NoticeItem":
        return cls(**{k: str(raw.get(k) or "") for k in ("question", "asked_at", "citation", "old_text",
                                                         "new_text", "verdict", "summary")})

    @property
    def removed(self) -> bool:
        return not self.new_text


@dataclass(frozen=True)
class ChangeNotice:
    """The one message an asker gets about one changed policy."""

    id: int
    change_id: int
    collection: str
    doc_id: str
    title: str                  # the policy's title
    platform: str
    asker_id: str
    asker_name: str
    reply_to: ReplyAddress
    items: tuple[NoticeItem, ...]
    status: str                 # pending | sending | sent | failed
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str
