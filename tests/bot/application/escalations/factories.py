"""Realistic Answers and logged questions for escalation-store and admin-UI tests."""
from __future__ import annotations

from knowledge.language import StanceKind
from knowledge.models import Answer, Citation, EscalationReason, Verdict

SOCIAL_MEDIA_CLAUSE = Citation(
    clause_id="kimberly-5290:0007:ab12cd",
    document="Employee Use of Social Media",
    section="Personal Use",
    locator="item 3",
    text="Employees shall not accept students as friends on personal social networking sites.",
    score=0.71, policy_code="5290", adopted="March 10, 2014",
    url="https://example.org/policies/5290", stance=StanceKind.PROHIBITS,
)


def make_answer(question: str = "Can I friend a student on Facebook?", *, escalate: bool = False,
                citations: tuple[Citation, ...] = (SOCIAL_MEDIA_CLAUSE,)) -> Answer:
    if escalate:
        return Answer(question=question, verdict=Verdict.NOT_COVERED, escalate=True,
                      escalation_reason=EscalationReason.NOT_COVERED, summary="The policies don't say.",
                      citations=citations, collection="kimberly")
    return Answer(question=question, verdict=Verdict.PROHIBITED, escalate=False, escalation_reason=None,
                  summary="No. Employees shall not accept students as friends.",
                  citations=citations, collection="kimberly")


def log_question(store, question: str = "Can I post photos of my class on Instagram?", *,
                 platform: str = "slack", asker_id: str = "U123", collection: str = "kimberly",
                 escalate: bool = True, **kwargs):
    return store.record_question(platform=platform, question=question,
                                 answer=make_answer(question, escalate=escalate), latency_ms=42.0,
                                 collection=collection, tenant="T1", channel="C1", asker_id=asker_id,
                                 asker_name="Dana Smith", **kwargs)


def open_escalation(store, question: str = "Can I post photos of my class on Instagram?", **kwargs):
    from bot.application.escalations.models import ReplyAddress
    record = log_question(store, question, **kwargs)
    reply = ReplyAddress("slack", {"team": "T1", "channel": "C1", "thread_ts": "1700000000.0001", "user": "U123"})
    return store.escalate(record.id, reason=EscalationReason.NOT_COVERED, reply_to=reply,
                          permalink="https://example.slack.com/archives/C1/p1700000000000001")
