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
from knowledge.models import Answer, Citation, Clause, EscalationReason, Ruling, ScoredClause, Verdict
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


@dataclass(frozen=True)
class VerdictDecision:
    """The verdict the rules (or the learned head) settle on, and what it rests on."""

    verdict: Verdict
    conditions: tuple[str, ...] = ()   # verbatim condition/exception phrases quoted from the deciding clause
    carve_out: bool = False            # the question falls in an exception that lifts the rule ("other than ...")
    decisive: int = 0                  # index, among the relevant clauses, of the clause the verdict rests on


def decide_verdict(question: str, hits: Sequence[ScoredClause], stances: Sequence[Stance]) -> VerdictDecision:
    """The verdict, the conditions quoted from the deciding clause, whether the question falls in a carve-out,
    and which clause decided.

    Only a clause that prohibits, discourages or permits (or requires an approval) settles a permission
    question. Descriptions (definitions, purposes, consequences) are passed over; a requirement says what must
    happen, not whether the act is allowed, so when it is the best clause left the answer is informational
    (the clauses quoted), never "allowed", and never a ruling from a weaker clause below it.
    """
    if not is_permission_question(question):
        return VerdictDecision(Verdict.INFORMATIONAL)
    terms = expanded_terms(question)
    for i, (hit, stance) in enumerate(zip(hits, stances)):
        exc = (stance.exception,) if stance.exception else ()
        if stance.kind is StanceKind.PROHIBITS:
            if stance.exception_kind is ExceptionKind.APPROVAL:
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc, decisive=i)
            if exception_applies(stance, hit.clause, terms):
                if stance.exception_kind is ExceptionKind.CARVE_OUT:
                    return VerdictDecision(Verdict.ALLOWED, conditions=exc, carve_out=True, decisive=i)
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc, decisive=i)
            if _other_content(hit, terms):
                # "shall not post defamatory or obscene material": the rule forbids a kind of content; a
                # question about other content is allowed, on that condition.
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc or (hit.clause.text,), decisive=i)
            if _general_permission(hits, stances, hit):
                # A right stated as such among the relevant clauses of the same policy: the act is allowed,
                # and this narrower prohibition is its condition.
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc or (hit.clause.text,), decisive=i)
            return VerdictDecision(Verdict.PROHIBITED, conditions=exc, decisive=i)
        if stance.kind is StanceKind.DISCOURAGES:
            return VerdictDecision(Verdict.CONDITIONAL, conditions=exc, decisive=i)
        if stance.kind is StanceKind.PERMITS:
            if exc:
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc, decisive=i)
            return VerdictDecision(Verdict.ALLOWED, decisive=i)
        if stance.kind is StanceKind.REQUIRES:
            if stance.exception_kind is ExceptionKind.APPROVAL:
                # "must obtain prior approval before ..."
                return VerdictDecision(Verdict.CONDITIONAL, conditions=exc, decisive=i)
            # The best remaining clause says what must happen, not whether the act is allowed: quote it rather
            # than rule from a weaker clause below it.
            return VerdictDecision(Verdict.INFORMATIONAL, decisive=i)
    return VerdictDecision(Verdict.INFORMATIONAL)


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
    hits: list[ScoredClause]
    relevant: list[ScoredClause]
    stances: list[Stance]
    confidence: float
    permission: bool
    reason: EscalationReason | None
    decision: VerdictDecision


def deliberate(question: str, *, retriever: Retriever, settings: RetrievalSettings,
               coverage: CoverageModel | None = None, prefer: GroupPreference | None = None) -> Deliberation:
    # The question comes cleaned and capped by its caller (`bot.application.asking.question`, the one cleaning
    # policy); the core only refuses one with no text at all.
    if not question or not question.strip():
        raise ValueError("empty question")
    hits = retriever.search(question, prefer=prefer) if prefer is not None else retriever.search(question)
    confidence = _confidence(hits, settings, coverage)
    covered = confidence >= 0.0
    best = hits[0].score if hits else 0.0
    relevant = _distinct([h for h in hits if h.score >= settings.keep_ratio * best])[: settings.top_k] if covered else []
    stances = [clause_stance(h.clause) for h in relevant]
    permission = is_permission_question(question)
    reason = should_escalate(question, relevant or hits[:1], stances, covered, permission_question=permission)
    if reason is EscalationReason.NOT_COVERED:
        relevant, stances = [], []
        decision = VerdictDecision(Verdict.NOT_COVERED)
        if asks_for_person(question):
            reason = EscalationReason.ASKED_FOR_PERSON    # "I need to speak with HR": say why it went to a person
    else:
        decision = decide_verdict(question, relevant, stances)
    return Deliberation(question, hits, relevant, stances, confidence, permission, reason, decision)


def verdict_evidence(d: Deliberation, retriever: VectorRetriever) -> VerdictEvidence | None:
    """The learned verdict's input: the question and the clause the rules' verdict rests on (None if none)."""
    if not d.relevant:
        return None
    i = d.decision.decisive
    stance = d.stances[i]
    rule = d.decision.verdict if d.decision.verdict in CLASSES else Verdict.INFORMATIONAL
    return VerdictEvidence(d.question, retriever.encode_query(d.question), retriever.clause_vector(d.relevant[i].clause),
                           stance.kind, stance.exception_kind, rule)


def _learned(head: VerdictHead, d: Deliberation, retriever: VectorRetriever) -> VerdictDecision:
    evidence = verdict_evidence(d, retriever)
    if evidence is None:
        return d.decision
    verdict, _p = head.predict(evidence)
    if verdict is d.decision.verdict:
        return d.decision
    i = d.decision.decisive
    exception = (d.stances[i].exception,) if d.stances[i].exception else ()
    return VerdictDecision(verdict, conditions=exception if verdict is Verdict.CONDITIONAL else (), decisive=i)


def answer(question: str, *, retriever: Retriever, settings: RetrievalSettings, collection: str = "",
           rulings: Sequence[Ruling] = (), coverage: CoverageModel | None = None,
           verdict_head: VerdictHead | None = None, prefer: GroupPreference | None = None) -> Answer:
    """`prefer`: the asker's staff group, when known (only the versions that apply to it are quoted)."""
    d = deliberate(question, retriever=retriever, settings=settings, coverage=coverage, prefer=prefer)
    question, relevant, stances, reason = d.question, d.relevant, d.stances, d.reason
    note = ""           # the caller adds its own (a truncated question's) before this one
    permission = d.permission
    decision = d.decision
    if verdict_head is not None and reason is not EscalationReason.NOT_COVERED and relevant:
        decision = _learned(verdict_head, d, retriever)
    if decision.verdict in _RULINGS and d.confidence < settings.weak_margin:
        # The best clause only just passes as relevant: quote it, but do not rule from it.
        decision = VerdictDecision(Verdict.INFORMATIONAL)
        note = WEAK_NOTE
    verdict, conditions = decision.verdict, decision.conditions
    citations = tuple(_citation(h, s) for h, s in zip(relevant, stances))
    summary = build_summary(verdict, citations[decision.decisive] if citations else None, conditions, reason=reason,
                            collection=collection, carve_out=decision.carve_out,
                            permission_question=permission)
    if rulings and reason is EscalationReason.NOT_COVERED:
        # An administrator already ruled on a question like this one: show it instead of escalating again.
        reason = None
        summary = "No policy clause settles this, but an administrator has ruled on a similar question (below)."
    return Answer(question=question, verdict=verdict, escalate=reason is not None, escalation_reason=reason,
                  summary=summary, citations=citations, conditions=conditions, rulings=tuple(rulings),
                  collection=collection, note=note,
                  staff_group=version_group(relevant[0].clause if relevant else None, prefer.group if prefer else None),
                  staff_groups=() if prefer is not None or not relevant else competing_groups(d.hits))
