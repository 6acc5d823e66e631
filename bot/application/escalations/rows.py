"""Turning database rows into the plain records of `models.py`, and time helpers.

SQLite hands back naive datetimes; everything is stored in UTC, so naive values
are read as UTC and every record carries timezone-aware timestamps.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from bot.application.escalations.models import Escalation, QuestionRecord, ReplyAddress, RulingRecord


def now() -> datetime:
    return datetime.now(timezone.utc)


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def as_datetime(value: datetime | date | None, *, end_of_day: bool = False) -> datetime | None:
    """A filter bound: dates become the start (or end) of that day in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return utc(value)
    return datetime.combine(value, time.max if end_of_day else time.min, tzinfo=timezone.utc)


def question_record(row) -> QuestionRecord:
    return QuestionRecord(
        id=row.id, asked_at=utc(row.asked_at), platform=row.platform, tenant=row.tenant,
        channel=row.channel, asker_id=row.asker_id, asker_name=row.asker_name,
        question=row.question, collection=row.collection, verdict=row.verdict,
        escalated=bool(row.escalated), clause_ids=list(row.clause_ids or []),
        latency_ms=float(row.latency_ms), feedback=None if row.feedback is None else bool(row.feedback),
        topic=row.topic,
    )


def escalation(row) -> Escalation:
    return Escalation(
        id=row.id, question_id=row.question_id, question=row.question, platform=row.platform,
        tenant=row.tenant, channel=row.channel, asker_id=row.asker_id, asker_name=row.asker_name,
        collection=row.collection, reason=row.reason, status=row.status,
        created_at=utc(row.created_at), bot_answer=dict(row.bot_answer or {}),
        reply_to=ReplyAddress.from_dict(row.reply_to), permalink=row.permalink,
        admin_message=dict(row.admin_message or {}), answered_by=row.answered_by,
        answer=row.answer, answered_at=utc(row.answered_at), resolved_by=row.resolved_by,
        resolved_at=utc(row.resolved_at), ruling_id=row.ruling_id, version=row.version,
    )


def ruling(row) -> RulingRecord:
    return RulingRecord(
        id=row.id, question=row.question, answer=row.answer, answered_by=row.answered_by,
        answered_at=utc(row.answered_at), collection=row.collection,
        escalation_id=row.escalation_id, active=bool(row.active),
        needs_review=bool(row.needs_review), review_change_id=row.review_change_id,
    )


def topic_of(answer_dict: dict) -> str:
    """The topic of an answer: the top cited clause's "document › section" (or document)."""
    citations = answer_dict.get("citations") or []
    if not citations:
        return ""
    top = citations[0]
    return " › ".join(p for p in (top.get("document", ""), top.get("section", "")) if p)[:500]
