"""How a verdict is shown to people (an emoji and a few words), the same in the CLI, Slack and Teams."""
from __future__ import annotations

from knowledge.models import Verdict

VERDICT_LABELS: dict[Verdict, tuple[str, str]] = {
    Verdict.ALLOWED: ("✅", "Allowed"),
    Verdict.PROHIBITED: ("⛔", "Not allowed"),
    Verdict.CONDITIONAL: ("⚠️", "Allowed with conditions"),
    Verdict.INFORMATIONAL: ("ℹ️", "What the policy says"),
    Verdict.NOT_COVERED: ("❓", "Not covered by the policies"),
}


def verdict_label(verdict: Verdict) -> str:
    emoji, word = VERDICT_LABELS[verdict]
    return f"{emoji} {word}"
