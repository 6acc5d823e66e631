"""One or two sentences that state the verdict, built only from quoted clause text.

Every word of policy in a summary is a verbatim quote of a cited clause (in
curly quotes, with its citation path); the rest is fixed template wording.
"""
from __future__ import annotations

from knowledge.language import StanceKind
from knowledge.models import Citation, EscalationReason, Verdict

QUOTE_CHARS = 220


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = text.strip().rstrip(";,")
    if len(text) <= limit:
        return f"“{text}”"
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"“{cut} …”"


def build_summary(verdict: Verdict, primary: Citation | None, conditions: tuple[str, ...], *,
                  reason: EscalationReason | None, collection: str, carve_out: bool = False,
                  permission_question: bool = False) -> str:
    if verdict is Verdict.NOT_COVERED or primary is None:
        where = f" in “{collection}”" if collection else ""
        return (f"None of the policies{where} settles this question, so it has been passed to an administrator."
                if reason is not EscalationReason.ASKED_FOR_PERSON else "Passed to an administrator as you asked.")
    source = primary.path
    if verdict is Verdict.PROHIBITED:
        text = f"Not allowed: {source} says {quote(primary.text)}."
        if conditions:
            text += f" The only exception it makes: {quote(conditions[0], 160)}."
    elif verdict is Verdict.CONDITIONAL and primary.stance is StanceKind.DISCOURAGES:
        text = f"Discouraged, though not forbidden outright: {source} says {quote(primary.text)}."
    elif verdict is Verdict.CONDITIONAL:
        cond = " and ".join(quote(c, 160) for c in conditions[:2])
        text = (f"Allowed only with conditions: {cond} ({source})." if cond
                else f"Allowed if you follow the rule in {source}: {quote(primary.text)}.")
    elif verdict is Verdict.ALLOWED:
        text = (f"Allowed: {source} makes an exception for {quote(conditions[0], 160)}." if carve_out and conditions
                else f"Allowed: {source} says {quote(primary.text)}.")
    elif permission_question:
        text = (f"The policy does not say in so many words whether this is allowed. The closest it comes: "
                f"{source} says {quote(primary.text)}.")
    else:
        text = f"{source} says {quote(primary.text)}."
    if reason is EscalationReason.CONFLICT:
        text += " Other clauses point the other way, so an administrator has been asked to confirm."
    elif reason is EscalationReason.ASKED_FOR_PERSON:
        text += " An administrator has also been asked, as you requested."
    return text
