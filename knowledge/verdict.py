"""What a clause says, from its own wording: prohibits, discourages, permits, requires or describes.

Policies signal their rules with a small, stable vocabulary (modal + "not", "are not to", "must refrain
from", "is strictly prohibited", "may", "are expected to" ...), kept as data in `knowledge/language/`.
A list item without a verb of its own takes its stance from its lead-in ("The following are prohibited:").

Exceptions come in three kinds (`ExceptionKind`), which decide the verdict:
- approval: "without the principal's approval", "unless authorized by", "except with written consent", "at the
  discretion of": the act is allowed once someone signs off -> conditional;
- carve_out: "other than", "except for": the named thing is simply outside the rule -> allowed when the
  question is about it;
- circumstance: "unless", "except when", "provided that" -> conditional when the question describes that
  circumstance, the rule's own verdict otherwise (the exception is still shown).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.language import (ExceptionKind, StanceKind, exception_cues, permission_condition, stance_cues,
                                word_sets)
from knowledge.models import Clause
from knowledge.text import content_terms, stem

@dataclass(frozen=True)
class Stance:
    kind: StanceKind
    exception: str = ""                                  # verbatim phrase from the clause
    exception_kind: ExceptionKind = ExceptionKind.NONE


def _exception(text: str) -> tuple[str, ExceptionKind]:
    for kind, pattern in exception_cues():
        m = pattern.search(text)
        if m and len(m.group(0).split()) >= 2:
            return m.group(0).strip(" ,"), kind
    return "", ExceptionKind.NONE


def _kind(text: str) -> StanceKind:
    cues = stance_cues()
    if cues["permits_strong"].search(text):
        return StanceKind.PERMITS
    if cues["prohibits"].search(text):
        return StanceKind.PROHIBITS
    if cues["violation"].search(text) and not cues["consequence"].search(text):
        return StanceKind.PROHIBITS           # "... is a violation of this policy" (not "violations may result in")
    if cues["discourages"].search(text):
        return StanceKind.DISCOURAGES
    if cues["permits"].search(text):
        return StanceKind.PERMITS
    if cues["requires"].search(text) and not cues["purpose"].search(text):
        return StanceKind.REQUIRES
    return StanceKind.DESCRIBES


_BUT = re.compile(r",?\s+but\s+", re.IGNORECASE)


def _split_but(text: str) -> tuple[str, str, str]:
    parts = _BUT.split(text, maxsplit=1)
    return (parts[0], "but", parts[1]) if len(parts) == 2 else (text, "", "")


def clause_stance(clause: Clause) -> Stance:
    text = clause.text
    cues = stance_cues()
    kind = _kind(text)
    if kind is StanceKind.DESCRIBES and clause.lead_in:
        kind = _kind(clause.lead_in)          # "The following are prohibited:" binds each item under it
    if kind is StanceKind.DESCRIBES and clause.section and len(text.split()) <= 12:
        # A bare item ("Gambling") under a heading that states the rule
        # ("Unacceptable Uses", "Prohibited Activities") takes the heading's stance.
        heading = clause.section.split(" › ")[-1]
        if cues["heading_prohibits"].search(heading):
            kind = StanceKind.PROHIBITS
        elif cues["heading_permits"].search(heading):
            kind = StanceKind.PERMITS
    exception, exception_kind = _exception(text)
    head, _, tail = _split_but(text)
    if kind is StanceKind.PROHIBITS and tail and _kind(head) is StanceKind.PERMITS:
        # "Occasional personal use is acceptable, but it shall not interfere with work": a permission whose
        # limits follow the "but".
        kind, exception, exception_kind = StanceKind.PERMITS, tail.strip(" .;,"), ExceptionKind.CIRCUMSTANCE
    if kind is StanceKind.PERMITS and not exception and (m := permission_condition().search(text)):
        if len(m.group(0).split()) >= 3:
            exception, exception_kind = m.group(0).strip(" ,"), ExceptionKind.CIRCUMSTANCE
    if (kind is StanceKind.PERMITS and not exception and cues["restricts"].search(text)
            and not cues["permits_strong"].search(text)):
        # "may be used only for school business": a permission within limits, the limit being its condition.
        m = cues["restricts"].search(text)
        exception, exception_kind = text[m.start():].strip(" .;,"), ExceptionKind.CIRCUMSTANCE
    return Stance(kind, exception, exception_kind)


def exception_applies(stance: Stance, clause: Clause, question_terms: set[str]) -> bool:
    """Does the question describe the exception's situation (rather than the act the rule is about)?"""
    if not stance.exception:
        return False
    words = word_sets()
    exc_terms = set(content_terms(stance.exception))
    rest = set(content_terms(clause.text.replace(stance.exception, " ")))
    distinctive = exc_terms - rest - {stem(w) for w in words["generic"]}
    if not distinctive & question_terms:
        return False
    if exc_terms & {stem(w) for w in words["owners"]}:
        # "other than the district's email": the question must be about the institution's own, not a personal one.
        return (bool(question_terms & {stem(w) for w in words["institutional"]})
                and not question_terms & {stem(w) for w in words["personal"]})
    return True
