"""The core: `answer(question, ...) -> Answer`. No I/O; "cannot answer" is a value, not an exception.

Steps: retrieve clauses (hybrid), keep the relevant ones, read each one's
stance from its wording, decide the verdict from the best clause (and whether
the question meets an exception it makes), decide escalation, and build a
summary from quotes.
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence

from knowledge.escalation import asks_for_person, should_escalate
from knowledge.lexicon import expanded_terms
from knowledge.models import Answer, Citation, Ruling, ScoredClause, Verdict
from knowledge.settings import RetrievalSettings
from knowledge.summary import build_summary
from knowledge.text import stem
from knowledge.verdict import Stance, clause_stance, exception_applies

_PERMISSION_Q = re.compile(
    r"^\s*(?:so\s+|and\s+|but\s+|hey,?\s+|hi,?\s+)?(?:can|could|may|might|am|is|are|should|would|will|do|does)\b"
    r"|\b(?:allowed|permitted|ok(?:ay)?|alright|against (?:the )?(?:policy|rules)|prohibited|forbidden|legal)\b",
    re.IGNORECASE)
_OBLIGATION_Q = re.compile(r"\b(?:do|does|did)\s+(?:i|we|they|you|staff|teachers?|coaches?)\s+(?:have|need)\s+to\b|\bmust (?:i|we)\b|\bhow often\b",
                           re.IGNORECASE)
_GENERAL_RIGHT = re.compile(r"\brespects? the right\b|\bhave the right\b|\bare free to\b|\bis (?:permitted|allowed|encouraged)\b",
                            re.IGNORECASE)
_CONTENT_KIND = re.compile(
    r"\b(libel|defame|harass|bully|intimidate|obscene|lewd|vulgar|profane|pornographic|indecent|offensive|"
    r"confidential|proprietary|discriminat\w*|threaten\w*|copyrighted)\b", re.IGNORECASE)
_WH_Q = re.compile(r"^\s*(?:what|who|whom|whose|how|when|where|which|why)\b", re.IGNORECASE)


class Retriever(Protocol):
    def search(self, question: str, k: int | None = None) -> list[ScoredClause]: ...


def is_permission_question(question: str) -> bool:
    if _WH_Q.search(question) or _OBLIGATION_Q.search(question):
        return False
    return bool(_PERMISSION_Q.search(question))


def _citation(hit: ScoredClause, stance: Stance) -> Citation:
    c = hit.clause
    return Citation(clause_id=c.id, document=c.document, section=c.section, locator=c.locator, text=c.text,
                    score=round(hit.score, 4), lead_in=c.lead_in, policy_code=c.policy_code, adopted=c.adopted,
                    revised=c.revised, url=c.url, stance=stance.kind, organization=c.organization)


def _other_content(hit: ScoredClause, question_terms: set[str]) -> bool:
    """The clause prohibits kinds of content (libel, obscene, confidential ...) and the question names none."""
    kinds = {stem(m.lower()) for m in _CONTENT_KIND.findall(hit.clause.text)}
    return bool(kinds) and not kinds & question_terms


def _general_permission(hits: Sequence[ScoredClause], stances: Sequence[Stance], prohibition: ScoredClause) -> bool:
    return any(s.kind == "permits" and not s.exception and h.clause.doc_id == prohibition.clause.doc_id
               and _GENERAL_RIGHT.search(h.clause.text) for h, s in zip(hits, stances) if h is not prohibition)


def decide_verdict(question: str, hits: Sequence[ScoredClause], stances: Sequence[Stance]) -> tuple[Verdict, tuple[str, ...], bool]:
    """(verdict, conditions quoted from the clause, whether the question falls in a carve-out)."""
    if not is_permission_question(question):
        return Verdict.INFORMATIONAL, (), False
    terms = expanded_terms(question)
    for hit, stance in zip(hits, stances):
        if stance.kind == "describes":
            continue                       # a preamble or a consequence: look at the next clause
        exc = (stance.exception,) if stance.exception else ()
        if stance.kind == "prohibits":
            if stance.exception_kind == "approval":
                return Verdict.CONDITIONAL, exc, False
            if exception_applies(stance, hit.clause, terms):
                if stance.exception_kind == "carve_out":
                    return Verdict.ALLOWED, exc, True
                return Verdict.CONDITIONAL, exc, False
            if _other_content(hit, terms):
                # "shall not use postings to libel or defame ...": the rule forbids a kind of content; a
                # question about other content is allowed, on that condition.
                return Verdict.CONDITIONAL, exc or (hit.clause.text,), False
            if _general_permission(hits, stances, hit):
                # A right stated as such ("respects the right of employees to use social media") among the
                # relevant clauses: the act is allowed, and this narrower prohibition is its condition.
                return Verdict.CONDITIONAL, exc or (hit.clause.text,), False
            return Verdict.PROHIBITED, exc, False
        if stance.kind == "permits":
            return (Verdict.CONDITIONAL, exc, False) if exc else (Verdict.ALLOWED, (), False)
        return Verdict.CONDITIONAL, exc, False   # requires: allowed when the requirement is met
    return Verdict.INFORMATIONAL, (), False


def _distinct(hits: Sequence[ScoredClause]) -> list[ScoredClause]:
    """Drop a clause whose wording repeats a better-ranked one (two policies often share a paragraph)."""
    seen: set[str] = set()
    out = []
    for h in hits:
        key = " ".join(h.clause.text.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def answer(question: str, *, retriever: Retriever, settings: RetrievalSettings, collection: str = "",
           rulings: Sequence[Ruling] = ()) -> Answer:
    question = " ".join(question.split())
    if not question:
        raise ValueError("empty question")
    note = ""
    if len(question) > settings.max_question_chars:
        note = f"Your question was {len(question):,} characters long; only the first {settings.max_question_chars:,} were read."
        question = question[: settings.max_question_chars]
    hits = retriever.search(question)
    best = hits[0].score if hits else 0.0
    relevant = _distinct([h for h in hits if h.score >= max(settings.min_relevance, settings.keep_ratio * best)])
    relevant = relevant[: settings.top_k]
    stances = [clause_stance(h.clause) for h in relevant]
    # With nothing relevant, the best (irrelevant) hit still tells should_escalate how far off it was.
    reason = should_escalate(question, relevant or hits[:1], stances, settings.min_relevance,
                             permission_question=is_permission_question(question))
    if reason == "not_covered":
        relevant, stances = [], []
        verdict, conditions, carve_out = Verdict.NOT_COVERED, (), False
        if asks_for_person(question):
            reason = "asked_for_person"     # "I need to speak with HR": say why it went to a person
    else:
        verdict, conditions, carve_out = decide_verdict(question, relevant, stances)
    citations = tuple(_citation(h, s) for h, s in zip(relevant, stances))
    summary = build_summary(verdict, citations[0] if citations else None, conditions, reason=reason,
                            collection=collection, carve_out=carve_out)
    if rulings and reason == "not_covered":
        # An administrator already ruled on a question like this one: show it instead of escalating again.
        reason = None
        summary = "No policy clause settles this, but an administrator has ruled on a similar question (below)."
    return Answer(question=question, verdict=verdict, escalate=reason is not None, escalation_reason=reason,
                  summary=summary, citations=citations, conditions=conditions, rulings=tuple(rulings),
                  collection=collection, note=note)
