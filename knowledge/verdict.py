"""What a clause says, from its own wording: prohibits, permits, requires or describes.

Policies signal their rules with a small, stable vocabulary: prohibitions
("shall not", "will not", "is prohibited", "No images ... will be used"),
permissions ("may", "Nothing in this policy prohibits", "respects the right"),
requirements ("must", "shall", "are required to") and exceptions or
conditions ("without prior approval", "unless", "except", "other than",
"absent written authority"). A list item without a verb of its own takes its
stance from its lead-in ("Informal ... involvement with students is therefore
prohibited. This includes:").

Exceptions come in three kinds, which decide the verdict:
- approval: "without prior approval", "absent written authority": the act is
  allowed once someone signs off -> conditional;
- carve_out: "other than the District's email": the named thing is simply
  outside the prohibition -> allowed when the question is about it;
- circumstance: "unless ... a family relationship", "without including all
  team members" -> conditional when the question describes that circumstance,
  prohibited otherwise (the exception is still shown).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.models import Clause
from knowledge.text import content_terms

_FLAGS = re.IGNORECASE
_PERMIT_STRONG = re.compile(
    r"\bnothing in this (?:policy|section|rule)s? (?:prohibits|prevents|restricts)\b|\brespects the right\b"
    r"|\b(?:is|are) (?:hereby )?(?:permitted|allowed|encouraged|welcome)\b(?! only)", _FLAGS)
_PROHIBIT = re.compile(
    r"\b(?:shall|will|may|must|should|can|could)\s+not\b|^do not\b|\b(?:cannot|can't|won't|shan't|mustn't)\b"
    r"|\bprohibit(?:ed|s)?\b|\bforbidden\b|\bunacceptable\b|\bnot (?:be )?(?:permitted|allowed|authorized|acceptable)\b"
    r"|\bnor shall\b|^(?:no|never)\b|\bunder no circumstances\b|\bconstitute a violation\b|\bviolation of (?:this|district) policy\b",
    _FLAGS)
_PERMIT = re.compile(r"\bmay\b(?!\s+not)(?!\s+(?:result|lead|be|potentially|also|include|have|need|contain|occur|cause|undermine))"
                     r"|\bpermitted\b|\ballowed\b|\bencouraged\b", _FLAGS)
_REQUIRE = re.compile(r"\b(?:must|shall|will|should|are required to|is required to|are expected to|need to|has to|have to)\b", _FLAGS)
_CONSEQUENCE = re.compile(r"\b(?:disciplinary action|termination|dismissal|reporting of such conduct|consequences)\b", _FLAGS)

# An exception phrase runs to the end of its clause, but not into a list of examples.
_END = r"(?:(?!\b(?:[Ii]ncluding|such as|e\.g\.)\b)[^.;:()])*"
_APPROVAL = re.compile(
    r"\b(?:without|absent|unless (?:they )?(?:have|obtain|receive|with)?)\s+(?:the\s+|an?\s+)?(?:prior\s+|express,?\s+|explicit\s+|written\s+|advance\s+)*"
    r"(?:approval|consent|permission|authori[sz]ation|authority)\b" + _END
    + r"|\bother than (?:those |as )?(?:approved|authorized|permitted)\b" + _END
    + r"|\b(?:unless|except (?:as|when|if))\s+(?:\w+\s+){0,4}(?:approved|authorized|permitted)\b" + _END
    + r"|\bonly (?:after|with|by|if|when|for)\b" + _END
    + r"|\b(?:with|after) (?:the )?(?:prior |express,? |written )*(?:approval|consent|permission)\b" + _END, _FLAGS)
_CARVE_OUT = re.compile(r"\bother than\b" + _END + r"|\bexcept(?:ing)? for\b" + _END, _FLAGS)
_CIRCUMSTANCE = re.compile(r"\b(?:unless|except(?: when| if| where| that)?|without|provided that|where|use caution)\b" + _END, _FLAGS)

_OWNERS = {"district", "school"}
_INSTITUTIONAL = {"district", "school", "work", "official", "approv"}
_PERSONAL = {"personal", "private", "own", "home", "gmail", "yahoo", "hotmail", "icloud"}
_GENERIC = {"district", "school", "employee", "staff", "board", "system", "policy", "student", "administration",
            "member", "individual", "person"}


@dataclass(frozen=True)
class Stance:
    kind: str                 # prohibits | permits | requires | describes
    exception: str = ""       # verbatim phrase from the clause
    exception_kind: str = ""  # approval | carve_out | circumstance


def _exception(text: str) -> tuple[str, str]:
    for kind, pattern in (("approval", _APPROVAL), ("carve_out", _CARVE_OUT), ("circumstance", _CIRCUMSTANCE)):
        m = pattern.search(text)
        if m and len(m.group(0).split()) >= 2:
            return m.group(0).strip(" ,"), kind
    return "", ""


def _kind(text: str) -> str:
    if _PERMIT_STRONG.search(text):
        return "permits"
    if _PROHIBIT.search(text):
        return "prohibits"
    if _PERMIT.search(text):
        return "permits"
    if _REQUIRE.search(text):
        return "requires"
    return "describes"


def clause_stance(clause: Clause) -> Stance:
    text = clause.text
    kind = _kind(text)
    if kind == "describes" and clause.lead_in:
        kind = _kind(clause.lead_in)
        if kind == "requires" and not _REQUIRE.search(text):
            kind = "requires"
    if kind == "prohibits" and _CONSEQUENCE.search(text) and not re.search(r"\b(?:shall|will|may|must) not\b", text, _FLAGS):
        kind = "describes"     # "Failure to ... could result in dismissal" warns; it does not set the rule
    if kind == "permits" and re.search(r"\bonly\b", text, _FLAGS) and not _PERMIT_STRONG.search(text):
        kind = "requires"      # "may only be permitted for educational purposes" restricts; it does not permit
    exception, exception_kind = _exception(text)
    return Stance(kind, exception, exception_kind)


def exception_applies(stance: Stance, clause: Clause, question_terms: set[str]) -> bool:
    """Does the question describe the exception's situation (rather than the prohibited act)?"""
    if not stance.exception:
        return False
    exc_terms = set(content_terms(stance.exception))
    rest = set(content_terms(clause.text.replace(stance.exception, " ")))
    distinctive = exc_terms - rest - _GENERIC
    if not distinctive & question_terms:
        return False
    if exc_terms & _OWNERS:
        # "other than the District's email": the question must be about the district's one, not a personal one.
        return bool(question_terms & _INSTITUTIONAL) and not question_terms & _PERSONAL
    return True
