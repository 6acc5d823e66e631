"""A hand-written AnswerService for the Teams tests: realistic answers chosen by keyword."""
from __future__ import annotations

from knowledge.language import StanceKind
from knowledge.models import Answer, Citation, EscalationReason, Ruling, Verdict
from knowledge.ports import SourceInfo

POLICY = "Employee Use of Social Media Sites, Including Personal Sites"
URL = "https://www.kimberly.edu/policies/5290"

STUDENT_IMAGES = Citation(
    clause_id="kimberly-5290:4:ab12", document=POLICY, section="Personal Use of the District's Name, Logos, or Image",
    locator="¶ 1", score=0.81, policy_code="5290", adopted="May 8, 2012", revised="June 11, 2019", url=URL,
    stance=StanceKind.REQUIRES,
    text="Nor shall employees use educational images of students, names, or data relating to students, absent "
         "written authority of the parent of a minor or authority of an adult or emancipated student.")
CONFIDENTIAL = Citation(
    clause_id="kimberly-5290:2:cd34", document=POLICY, section="Confidential and Proprietary Information",
    locator="¶ 1", score=0.77, policy_code="5290", adopted="May 8, 2012", revised="June 11, 2019", url="",
    stance=StanceKind.PROHIBITS,
    text="Employees shall not post confidential or proprietary information about the District, its employees, "
         "students, agents, or others.")
PRIOR_RULING = Ruling(id=7, question="Can I post my class's science fair photos on the school page?",
                      answer="Yes, on the official school page only, with signed media releases.",
                      answered_by="Alex Admin", answered_at="2026-03-02T15:04:00+00:00", similarity=0.74)


def photos_answer(question: str, collection: str) -> Answer:
    return Answer(
        question=question, verdict=Verdict.CONDITIONAL, escalate=False, escalation_reason=None,
        summary="Only with written permission from the student's parent (or the adult student).",
        citations=(STUDENT_IMAGES,), conditions=("absent written authority of the parent of a minor",),
        rulings=(PRIOR_RULING,), collection=collection)


def confidential_answer(question: str, collection: str) -> Answer:
    return Answer(
        question=question, verdict=Verdict.PROHIBITED, escalate=False, escalation_reason=None,
        summary="No: employees shall not post confidential information about students.",
        citations=(CONFIDENTIAL,), collection=collection)


def not_covered_answer(question: str, collection: str) -> Answer:
    return Answer(
        question=question, verdict=Verdict.NOT_COVERED, escalate=True,
        escalation_reason=EscalationReason.NOT_COVERED,
        summary="The policies I have don't cover this.", citations=(CONFIDENTIAL,), collection=collection)


class FakeAnswerService:
    """Answers by keyword and remembers what it was asked (question, collection)."""

    def __init__(self):
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question: str, *, collection: str | None = None) -> Answer:
        self.asked.append((question, collection))
        lowered = question.lower()
        if "photo" in lowered or "picture" in lowered:
            return photos_answer(question, collection or "default")
        if "grades" in lowered or "confidential" in lowered:
            return confidential_answer(question, collection or "default")
        return not_covered_answer(question, collection or "default")

    def sources(self, collection: str | None = None) -> list[SourceInfo]:
        return [
            SourceInfo(doc_id="kimberly-5290", title=POLICY, policy_code="5290", adopted="May 8, 2012",
                       revised="June 11, 2019", clauses=23, version="a1b2c3", url=URL),
            SourceInfo(doc_id="jndc", title="Employee Use of Social Media (JNDC)", policy_code="JNDC",
                       adopted="", revised="", clauses=12, version="d4e5f6"),
        ]
