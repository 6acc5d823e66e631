"""Change-notice fixtures: the real store on SQLite and PostgreSQL, a policy change, logged answers citing it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.application.changes.store import ChangeStore
from bot.application.escalations.models import ReplyAddress
from knowledge.clause_changes import ChangeKind, ClauseChange, ClauseVersion
from knowledge.models import Answer, Citation, EscalationReason, Verdict
from tests.bot.application.escalations.conftest import db_url, store  # noqa: F401  (the same two backends)

DOC = "gbebb"
OLD_PHONE = "Giving private cell phone numbers to students without prior approval of the District;"
NEW_PHONE = "Giving private cell phone numbers to students;"
OLD_HOME = "Inviting students to an employee's home;"
SAME_EMAIL = "Staff may use district email with students."


def citation(clause_id: str, text: str, locator: str = "item 1") -> Citation:
    return Citation(clause_id=clause_id, document="GBEBB - Staff Conduct", section="Contact with Students",
                    locator=locator, text=text, score=0.7, policy_code="GBEBB")


PHONE = citation(f"{DOC}:aaa111", OLD_PHONE, "item 1")
HOME = citation(f"{DOC}:bbb222", OLD_HOME, "item 2")
EMAIL = citation(f"{DOC}:ccc333", SAME_EMAIL, "item 3")
OTHER_DOC = citation("gbed:ddd444", "No employee shall use tobacco products on school property.")




class Documents:
    """What `ingest.change_recorder` hands over for one revised document."""

    def __init__(self, doc_id: str, title: str, changes):
        self.doc_id, self.title, self.changes = doc_id, title, tuple(changes)


def version(c: Citation | None, text: str | None = None, clause_id: str | None = None) -> ClauseVersion:
    return ClauseVersion(clause_id=clause_id or c.clause_id, text=text if text is not None else c.text,
                         section=c.section, locator=c.locator)


REVISION = Documents(DOC, "GBEBB - Staff Conduct", [
    ClauseChange(ChangeKind.CHANGED, version(PHONE), version(PHONE, NEW_PHONE, f"{DOC}:eee555")),
    ClauseChange(ChangeKind.REMOVED, version(HOME), None),
])


def answer_of(question: str, *citations: Citation, verdict: Verdict = Verdict.CONDITIONAL) -> Answer:
    return Answer(question=question, verdict=verdict, escalate=False, escalation_reason=None,
                  summary="Allowed only with conditions.", citations=tuple(citations), collection="kimberly")


def log(store, question: str, *citations: Citation, platform: str = "slack", asker: str = "U1",
        collection: str = "kimberly", escalate: bool = False):
    answer = answer_of(question, *citations)
    if escalate:
        answer = Answer(question=question, verdict=Verdict.NOT_COVERED, escalate=True, escalation_reason=EscalationReason.NOT_COVERED,
                        summary="The policies don't say.", citations=tuple(citations), collection=collection)
    return store.record_question(platform=platform, question=question, answer=answer, latency_ms=5.0,
                                 collection=collection, tenant="T1", channel="C1", asker_id=asker,
                                 asker_name=f"Name of {asker}")


class NowAnswers:
    """Stands in for the engine (not what these tests are about): records what it was asked."""

    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, question: str) -> Answer:
        self.asked.append(question)
        return Answer(question=question, verdict=Verdict.PROHIBITED, escalate=False, escalation_reason=None,
                      summary="No. Giving students your number is prohibited.", collection="kimberly")


@pytest.fixture
def now_answers() -> NowAnswers:
    return NowAnswers()


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def changes(store, clock) -> ChangeStore:
    return ChangeStore(store.engine, clock=clock)


TEAMS_REFERENCE = {"activityId": "msg-1", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:1/",
                   "conversation": {"id": "a:personal"}, "bot": {"id": "28:policybot"}, "user": {"id": "29:pat"}}


def teams_address() -> ReplyAddress:
    return ReplyAddress("teams", {"conversation_reference": dict(TEAMS_REFERENCE)})
