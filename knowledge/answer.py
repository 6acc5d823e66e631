"""The core: `answer(question, ...) -> Answer`. No I/O; "cannot answer" is a value, not an exception.

Steps: retrieve clauses (hybrid, with document evidence), decide whether the
collection covers the question at all (`knowledge.learning.coverage`), keep the relevant
clauses, read each one's stance from its wording (`knowledge.verdict`), decide
the verdict from the first clause that settles it (and whether the question
meets an exception it makes), decide escalation, and build a summary from quotes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from knowledge.learning.coverage import CoverageModel
from knowledge.escalation import asks_for_person, should_escalate
from knowledge.language import ExceptionKind, StanceKind, content_kinds, question_cues, stance_cues
from knowledge.lexicon import expanded_terms
from knowledge.learning.verdict_head import CLASSES, VerdictEvidence, VerdictHead
from knowledge.models import Answer, Citation, Clause, Ruling, ScoredClause, Verdict
from knowledge.settings import RetrievalSettings
from knowledge.staff_groups.preference import GroupPreference, competing_groups, version_group
from knowledge.summary import build_summary
from knowledge.text import content_terms, stem
from knowledge.verdict import Stance, clause_stance, exception_applies

_QUESTION = question_cues()
_CONTENT_KINDS = frozenset(stem(w) for w in content_kinds())


class Retriever(Protocol):
    def search(self, question: str, k: int | None = None) -> list[ScoredClause]:
        """Also takes `prefer=GroupPreference` when the asker's staff group is known."""


class VectorRetriever(Retriever, Protocol):
    """A retriever that also gives the vectors a learned verdict reads."""

    def encode_query(self, question: str) -> np.ndarray: ...

    def clause_vector(self, clause: Clause) -> np.ndarray: ...


def is_permission_question(question: str) -> bool:
    if _QUESTION["wh"].search(question) or _QUESTION["obligation"].search(question):
        return False
    return bool(_QUESTION["permission"].search(question))


def _citation(hit: ScoredClause, stance: Stance) -> Citation:
    c = hit.clause
    # A table row is quoted with its column headers ("Day: Monday; Hours: 8"), anything else as written.
    return Citation(clause_id=c.id, document=c.document, section=c.section, locator=c.locator,
                    text=c.shown_text(), score=round(hit.score, 4), lead_in=c.lead_in, policy_code=c.policy_code,
                    adopted=c.adopted, revised=c.revised, url=c.url, stance=stance.kind,
                    organization=c.organization, links=tuple(c.links.split()))


def _other_content(hit: ScoredClause, question_terms: set[str]) -> bool:
    """The clause prohibits kinds of content (libel, obscene, confidential ...) and the question names none."""
    kinds = {t for t in content_terms(hit.clause.text) if t in _CONTENT_KINDS}
    return bool(kinds) and not kinds & question_terms


def _general_permission(hits: Sequence[ScoredClause], stances: Sequence[Stance], prohibition: ScoredClause) -> bool:
    strong = stance_cues()["permits_strong"]
    return any(s.kind is StanceKind.PERMITS and not s.exception and h.clause.doc_id == prohibition.clause.doc_id
               and strong.search(h.clause.text) for h, s in zip(hits, stances) if h is not prohibition)


Decision = tuple[Verdict, tuple[str, ...], bool, int]


def decide_verdict(question: str, hits: Sequence[ScoredClause], stances: Sequence[Stance]) -> Decision:
    """(verdict, conditions quoted from the clause, whether the question falls in a carve-out, deciding clause).

    Only a clause that prohibits, discourages or permits (or requires an approval) settles a permission
    question. Descriptions (definitions, purposes, consequences) are passed over; a requirement says what must
    happen, not whether the act is allowed, so when it is the best clause left the answer is informational
    (the clauses quoted), never "allowed", and never a ruling from a weaker clause below it.
    """
    if not is_permission_question(question):
        return Verdict.INFORMATIONAL, (), False, 0
    terms = expanded_terms(question)
    for i, (hit, stance) in enumerate(zip(hits, stances)):
        exc = (stance.exception,) if stance.exception else ()
        if stance.kind is StanceKind.PROHIBITS:
            if stance.exception_kind is ExceptionKind.APPROVAL:
                return Verdict.CONDITIONAL, exc, False, i
            if exception_applies(stance, hit.clause, terms):
                if stance.exception_kind is ExceptionKind.CARVE_OUT:
                    return Verdict.ALLOWED, exc, True, i
                return Verdict.CONDITIONAL, exc, False, i
            if _other_content(hit, terms):
                # "shall not post defamatory or obscene material": the rule forbids a kind of content; a
                # question about other content is allowed, on that condition.
                return Verdict.CONDITIONAL, exc or (hit.clause.text,), False, i
            if _general_permission(hits, stances, hit):
                # A right stated as such among the relevant clauses of the same policy: the act is allowed,
                # and this narrower prohibition is its condition.
                return Verdict.CONDITIONAL, exc or (hit.clause.text,), False, i
            return Verdict.PROHIBITED, exc, False, i
        if stance.kind is StanceKind.DISCOURAGES:
            return Verdict.CONDITIONAL, exc, False, i
        if stance.kind is StanceKind.PERMITS:
            return (Verdict.CONDITIONAL, exc, False, i) if exc else (Verdict.ALLOWED, (), False, i)
        if stance.kind is StanceKind.REQUIRES:
            if stance.exception_kind is ExceptionKind.APPROVAL:
                return Verdict.CONDITIONAL, exc, False, i     # "must obtain prior approval before ..."
            # The best remaining clause says what must happen, not whether the act is allowed: quote it rather
            # than rule from a weaker clause below it.
            return Verdict.INFORMATIONAL, (), False, i
    return Verdict.INFORMATIONAL, (), False, 0


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


_RULINGS = (Verdict.ALLOWED, Verdict.PROHIBITED, Verdict.CONDITIONAL)
WEAK_NOTE = "The closest policy text only partly matches your question, so no verdict is given from it."


def _confidence(hits: Sequence[ScoredClause], settings: RetrievalSettings, coverage: CoverageModel | None) -> float:
    """How far above the "not covered" line the best evidence is (negative: below it).

    With a trained coverage model (and hits that carry retrieval features) it is the model's probability minus
    its threshold; otherwise the best score minus `min_relevance`."""
    if not hits:
        return -1.0
    if coverage is not None and hits[0].features:
        return coverage.probability(hits) - coverage.threshold
    return hits[0].score - settings.min_relevance


@dataclass(frozen=True)
class Deliberation:
    """What the rules make of a question before the answer is worded (what a learned verdict reads too)."""

    question: str
    note: str
    hits: list[ScoredClause]
    relevant: list[ScoredClause]
    stances: list[Stance]
    confidence: float
    permission: bool
    reason: str | None
    decision: Decision


def clean_question(question: str, settings: RetrievalSettings) -> tuple[str, str]:
    """(the question with spacing collapsed and cut to the cap, the note saying so when it was cut)."""
    question = " ".join(question.split())
    if not question:
        raise ValueError("empty question")
    if len(question) > settings.max_question_chars:
        return (question[: settings.max_question_chars],
                f"Your question was {len(question):,} characters long; only the first {settings.max_question_chars:,} were read.")
    return question, ""


def deliberate(question: str, *, retriever: Retriever, settings: RetrievalSettings,
               coverage: CoverageModel | None = None, prefer: GroupPreference | None = None) -> Deliberation:
    question, note = clean_question(question, settings)
    hits = retriever.search(question, prefer=prefer) if prefer is not None else retriever.search(question)
    confidence = _confidence(hits, settings, coverage)
    covered = confidence >= 0.0
    best = hits[0].score if hits else 0.0
    relevant = _distinct([h for h in hits if h.score >= settings.keep_ratio * best])[: settings.top_k] if covered else []
    stances = [clause_stance(h.clause) for h in relevant]
    permission = is_permission_question(question)
    reason = should_escalate(question, relevant or hits[:1], stances, covered, permission_question=permission)
    if reason == "not_covered":
        relevant, stances = [], []
        decision: Decision = (Verdict.NOT_COVERED, (), False, 0)
        if asks_for_person(question):
            reason = "asked_for_person"     # "I need to speak with HR": say why it went to a person
    else:
        decision = decide_verdict(question, relevant, stances)
    return Deliberation(question, note, hits, relevant, stances, confidence, permission, reason, decision)


def verdict_evidence(d: Deliberation, retriever: VectorRetriever) -> VerdictEvidence | None:
    """The learned verdict's input: the question and the clause the rules' verdict rests on (None if none)."""
    if not d.relevant:
        return None
    i = d.decision[3]
    stance = d.stances[i]
    rule = d.decision[0] if d.decision[0] in CLASSES else Verdict.INFORMATIONAL
    return VerdictEvidence(d.question, retriever.encode_query(d.question), retriever.clause_vector(d.relevant[i].clause),
                           stance.kind, stance.exception_kind, rule)


def _learned(head: VerdictHead, d: Deliberation, retriever: VectorRetriever) -> Decision:
    evidence = verdict_evidence(d, retriever)
    if evidence is None:
        return d.decision
    verdict, _p = head.predict(evidence)
    rule_verdict, conditions, carve_out, i = d.decision
    if verdict is rule_verdict:
        return d.decision
    exception = (d.stances[i].exception,) if d.stances[i].exception else ()
    return verdict, exception if verdict is Verdict.CONDITIONAL else (), False, i


def answer(question: str, *, retriever: Retriever, settings: RetrievalSettings, collection: str = "",
           rulings: Sequence[Ruling] = (), coverage: CoverageModel | None = None,
           verdict_head: VerdictHead | None = None, prefer: GroupPreference | None = None) -> Answer:
    """`prefer`: the asker's staff group, when known (only the versions that apply to it are quoted)."""
    d = deliberate(question, retriever=retriever, settings=settings, coverage=coverage, prefer=prefer)
    question, note, relevant, stances, reason = d.question, d.note, d.relevant, d.stances, d.reason
    permission = d.permission
    verdict, conditions, carve_out, decisive = d.decision
    if verdict_head is not None and reason != "not_covered" and relevant:
        verdict, conditions, carve_out, decisive = _learned(verdict_head, d, retriever)
    if verdict in _RULINGS and d.confidence < settings.weak_margin:
        # The best clause only just passes as relevant: quote it, but do not rule from it.
        verdict, conditions, carve_out, decisive = Verdict.INFORMATIONAL, (), False, 0
        note = " ".join(filter(None, [note, WEAK_NOTE]))
    citations = tuple(_citation(h, s) for h, s in zip(relevant, stances))
    summary = build_summary(verdict, citations[decisive] if citations else None, conditions, reason=reason,
                            collection=collection, carve_out=carve_out,
                            permission_question=permission)
    if rulings and reason == "not_covered":
        # An administrator already ruled on a question like this one: show it instead of escalating again.
        reason = None
        summary = "No policy clause settles this, but an administrator has ruled on a similar question (below)."
    return Answer(question=question, verdict=verdict, escalate=reason is not None, escalation_reason=reason,
                  summary=summary, citations=citations, conditions=conditions, rulings=tuple(rulings),
                  collection=collection, note=note,
                  staff_group=version_group(relevant[0].clause if relevant else None, prefer.group if prefer else None),
                  staff_groups=() if prefer is not None or not relevant else competing_groups(d.hits))
