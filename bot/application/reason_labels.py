"""How an escalation reason reads to people: one sentence per `EscalationReason`, the same in the CLI, Slack,
Teams and the admin UI.

The codes themselves (`not_covered`, ...) are data: the public JSON and the escalation store carry them, and
nothing derives wording from them. Escalations stored by older versions may hold free text ("the asker asked
for an admin", "received ... while the bot was down ..."); it is shown as stored.
"""
from __future__ import annotations

from knowledge.models import EscalationReason

REASON_LABELS: dict[EscalationReason, str] = {
    EscalationReason.NOT_COVERED: "no policy clause covers it",
    EscalationReason.CONFLICT: "the policies seem to point different ways",
    EscalationReason.ASKED_FOR_PERSON: "a person was asked for",
    EscalationReason.EXPIRED: "received while the bot was down, too old to answer automatically",
}


# An escalation stored without a reason (by an older version) was an asker's "Ask an admin" press.
UNSTATED = "asked for an admin"


def reason_label(reason: EscalationReason | str | None) -> str:
    """The sentence for a reason, a stored code or a legacy free-text reason ("" when there is none)."""
    if not reason:
        return ""
    try:
        return REASON_LABELS[EscalationReason(reason)]
    except ValueError:
        return str(reason)
