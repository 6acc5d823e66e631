"""When PolicyBot must hand a question to a person instead of answering it.

`should_escalate` returns the reason (an `EscalationReason`, or None):
- NOT_COVERED: no clause is relevant enough (decided by `knowledge.learning.coverage`
  from the retrieval evidence, see README), or the question is about what *students* may do
  while every relevant clause binds employees (a staff policy cannot settle
  a student-conduct question);
- CONFLICT: two strongly relevant clauses from different documents say
  opposite things (one permits, the other prohibits, neither with an exception);
- ASKED_FOR_PERSON: the asker wants a human.
"""
from __future__ import annotations

from typing import Sequence

from knowledge.language import StanceKind, question_cues
from knowledge.models import EscalationReason, ScoredClause
from knowledge.verdict import Stance

_CUES = question_cues()


def asks_for_person(question: str) -> bool:
    return bool(_CUES["asks_for_person"].search(question))


def about_student_conduct(question: str) -> bool:
    return bool(_CUES["student_actor"].search(question))


def binds_students(hit: ScoredClause) -> bool:
    c = hit.clause
    binds = _CUES["binds_students"]
    return bool(binds.search(c.text) or binds.search(c.lead_in) or "student" in c.document.lower())


def should_escalate(question: str, hits: Sequence[ScoredClause], stances: Sequence[Stance],
                    covered: bool, *, permission_question: bool = True) -> EscalationReason | None:
    if not hits or not covered:
        return EscalationReason.NOT_COVERED
    if about_student_conduct(question) and not any(binds_students(h) for h in hits[:3]):
        return EscalationReason.NOT_COVERED
    if asks_for_person(question):
        return EscalationReason.ASKED_FOR_PERSON
    if not permission_question:
        return None            # "what/how/who" questions get the clauses; opposite stances are not a conflict there
    top = hits[0].score
    strong = [(h, s) for h, s in zip(hits, stances) if h.score >= 0.92 * top and not s.exception]
    kinds = {}
    for h, s in strong:
        if s.kind in (StanceKind.PERMITS, StanceKind.PROHIBITS):
            kinds.setdefault(s.kind, set()).add(h.clause.doc_id)
    if StanceKind.PERMITS in kinds and StanceKind.PROHIBITS in kinds and (kinds[StanceKind.PERMITS] ^ kinds[StanceKind.PROHIBITS]):
        return EscalationReason.CONFLICT
    return None
