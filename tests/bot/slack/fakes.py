"""A hand-written AnswerService for the Slack tests, returning realistic Answers chosen by keyword."""
from __future__ import annotations

from knowledge.language import StanceKind
from knowledge.models import Answer, Citation, EscalationReason, Ruling, Verdict
from knowledge.ports import SourceInfo

FRIEND_CLAUSE = Citation(
    clause_id="kimberly-5290:0007:ab12cd", document="Employee Use of Social Media", section="Personal Use",
    locator="item 3", text="Employees shall not accept students as friends on personal social networking sites.",
    score=0.71, policy_code="5290", adopted="March 10, 2014", revised="June 1, 2020",
    url="https://example.org/policies/5290", stance=StanceKind.PROHIBITS)
PHOTO_CLAUSE = Citation(
    clause_id="kimberly-5290:0011:ef34aa", document="Employee Use of Social Media", section="District Use",
    locator="¶ 2", text="Photos of students may be posted only with written parental consent on file.",
    score=0.55, policy_code="5290", adopted="March 10, 2014", stance=StanceKind.REQUIRES)


class FakeAnswers:
    """An AnswerService returning realistic Answers chosen by keywords in the question."""

    def __init__(self):
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question: str, *, collection: str | None = None) -> Answer:
        self.asked.append((question, collection))
        q = question.lower()
        if "explode" in q:
            raise RuntimeError("vector store unavailable")
        if "friend" in q:
            return Answer(question=question, verdict=Verdict.PROHIBITED, escalate=False, escalation_reason=None,
                          summary="No. Employees shall not accept students as friends on personal sites.",
                          citations=(FRIEND_CLAUSE,), collection=collection or "",
                          rulings=(Ruling(id=7, question="Can I follow a student on Instagram?",
                                          answer="No, treat following like friending.", answered_by="Pat Lee",
                                          answered_at="2025-09-01T10:00:00+00:00", similarity=0.8),))
        if "photo" in q:
            return Answer(question=question, verdict=Verdict.CONDITIONAL, escalate=False, escalation_reason=None,
                          summary="Only with written parental consent.", citations=(PHOTO_CLAUSE,),
                          conditions=("only with written parental consent on file",), collection=collection or "")
        return Answer(question=question, verdict=Verdict.NOT_COVERED, escalate=True,
                      escalation_reason=EscalationReason.NOT_COVERED, summary="The policies I know don't say.",
                      citations=(PHOTO_CLAUSE,), collection=collection or "")

    def sources(self, collection: str | None = None) -> list[SourceInfo]:
        return [SourceInfo(doc_id="kimberly-5290", title="Employee Use of Social Media", policy_code="5290",
                           adopted="March 10, 2014", revised="June 1, 2020", clauses=24, version="ab12cd34",
                           url="https://example.org/policies/5290")]
