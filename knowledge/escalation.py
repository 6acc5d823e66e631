"""When PolicyBot must hand a question to a person instead of answering it.

`should_escalate` returns the reason (or None):
- "not_covered": no clause is relevant enough (the fused score of the best
  clause is below `RetrievalSettings.min_relevance`, chosen on the dev
  questions; see README), or the question is about what *students* may do
  while every relevant clause binds employees (a staff policy cannot settle
  a student-conduct question);
- "conflict": two strongly relevant clauses from different documents say
  opposite things (one permits, the other prohibits, neither with an exception);
- "asked_for_person": the asker wants a human.
"""
from __future__ import annotations

import re
from typing import Sequence

from knowledge.models import ScoredClause
from knowledge.verdict import Stance

_PERSON = re.compile(
    r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|some|my)?\s*(?:one|body|person|human|admin\w*|hr|principal|supervisor|manager|someone|somebody)\b"
    r"|\b(?:real|actual|live)\s+(?:person|human)\b|\bhuman\b|\bescalate\b|\bask an? (?:admin\w*|person|human)\b"
    r"|\bcontact (?:an? )?(?:admin\w*|person|human)\b|\bneed (?:a|an) (?:admin\w*|person|human)\b",
    re.IGNORECASE)
_STUDENT_ACTOR = re.compile(
    r"^\s*(?:(?:are|can|may|do|does|should|must|could|will|is it ok(?:ay)? for)\s+(?:the\s+|my\s+|our\s+)?"
    r"(?:students?|kids?|pupils?|children|athletes|players)\b)"
    r"|\b(?:students?|kids|pupils|children)\s+(?:are|is)\s+(?:allowed|permitted|required)\b", re.IGNORECASE)
_BINDS_STUDENTS = re.compile(r"\b(?:students?|pupils?)\s+(?:shall|will|may|must|should|are (?:not )?(?:allowed|permitted|required|expected))\b",
                             re.IGNORECASE)


def asks_for_person(question: str) -> bool:
    return bool(_PERSON.search(question))


def about_student_conduct(question: str) -> bool:
    return bool(_STUDENT_ACTOR.search(question))


def binds_students(hit: ScoredClause) -> bool:
    c = hit.clause
    return bool(_BINDS_STUDENTS.search(c.text) or _BINDS_STUDENTS.search(c.lead_in) or "student" in c.document.lower())


def should_escalate(question: str, hits: Sequence[ScoredClause], stances: Sequence[Stance],
                    min_relevance: float, *, permission_question: bool = True) -> str | None:
    if not hits or hits[0].score < min_relevance:
        return "not_covered"
    if about_student_conduct(question) and not any(binds_students(h) for h in hits[:3]):
        return "not_covered"
    if asks_for_person(question):
        return "asked_for_person"
    if not permission_question:
        return None            # "what/how/who" questions get the clauses; opposite stances are not a conflict there
    top = hits[0].score
    strong = [(h, s) for h, s in zip(hits, stances) if h.score >= 0.92 * top and not s.exception]
    kinds = {}
    for h, s in strong:
        if s.kind in ("permits", "prohibits"):
            kinds.setdefault(s.kind, set()).add(h.clause.doc_id)
    if "permits" in kinds and "prohibits" in kinds and (kinds["permits"] ^ kinds["prohibits"]):
        return "conflict"
    return None
