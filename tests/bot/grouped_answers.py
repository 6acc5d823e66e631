"""A hand-written AnswerService whose sick-leave policy has a licensed and a classified version.

Asked without a group it answers from the licensed version and says both versions compete (what the
engine does when the best candidates come from different groups' versions); asked with a group it
answers from that group's version. Anything else applies to everyone.
"""
from __future__ import annotations

from knowledge.models import Answer, Citation, Verdict
from knowledge.ports import SourceInfo

LICENSED = Citation(clause_id="3-08-sick-leave:ab12", document="3.8—LICENSED PERSONNEL SICK LEAVE",
                    section="Sick Leave", locator="item 3", text="Sick leave is granted at one day per month.",
                    score=0.7, stance="describes")
CLASSIFIED = Citation(clause_id="8-05-sick-leave:cd34", document="8.5—CLASSIFIED EMPLOYEES SICK LEAVE",
                      section="Sick Leave", locator="item 3", text="Sick leave is granted at five days a year.",
                      score=0.7, stance="describes")
GENERAL = Citation(clause_id="5290:ef56", document="Employee Use of Social Media", section="Contact",
                   locator="item 1", text="Employees shall not friend students.", score=0.7, stance="prohibits")


class GroupedAnswers:
    def __init__(self):
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question: str, *, collection: str | None = None, group: str | None = None) -> Answer:
        self.asked.append((question, group))
        base = dict(question=question, verdict=Verdict.INFORMATIONAL, escalate=False, escalation_reason=None,
                    collection=collection or "")
        if "sick" not in question.lower():
            return Answer(**base, summary="The policy says no.", citations=(GENERAL,))
        if group is None:
            return Answer(**base, summary="Licensed: one day per month.", citations=(LICENSED, CLASSIFIED),
                          staff_group="licensed", staff_groups=("licensed", "classified"))
        cited = CLASSIFIED if group in ("classified", "bus_drivers", "food_service", "custodial") else LICENSED
        own = "classified" if cited is CLASSIFIED else "licensed"
        return Answer(**base, summary=f"{own}: {cited.text}", citations=(cited,), staff_group=own)

    def sources(self, collection: str | None = None) -> list[SourceInfo]:
        return []
