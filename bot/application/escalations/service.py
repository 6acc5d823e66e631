"""What admin surfaces call to act on an escalation: store the change, then notify.

The admin web UI, the CLI, and the Slack and Teams admin actions all go through
`EscalationService`, so an answer is always stored first (the source of truth)
and then delivered to the asker through the `NotifierRegistry`.
"""
from __future__ import annotations

from bot.application.escalations.models import Escalation
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.store import EscalationStore


class EscalationService:
    def __init__(self, store: EscalationStore, notifiers: NotifierRegistry | None = None):
        self.store = store
        self.notifiers = notifiers if notifiers is not None else NotifierRegistry()

    def answer(self, escalation_id: int, *, by: str, text: str, save_as_ruling: bool = False,
               expected_version: int | None = None) -> Escalation:
        """Store the answer (Conflict if someone else got there first), then notify the asker."""
        return self.answer_and_deliver(escalation_id, by=by, text=text, save_as_ruling=save_as_ruling,
                                       expected_version=expected_version)[0]

    def answer_and_deliver(self, escalation_id: int, *, by: str, text: str, save_as_ruling: bool = False,
                           expected_version: int | None = None) -> tuple[Escalation, bool]:
        """Like `answer`, also saying whether a notifier delivered it to the asker."""
        escalation = self.store.answer(escalation_id, by=by, text=text, save_as_ruling=save_as_ruling,
                                       expected_version=expected_version)
        return escalation, self.notifiers.notify_answer(escalation)

    def resolve(self, escalation_id: int, *, by: str, expected_version: int | None = None) -> Escalation:
        return self.store.resolve(escalation_id, by=by, expected_version=expected_version)

    def dismiss(self, escalation_id: int, *, by: str, expected_version: int | None = None) -> Escalation:
        return self.store.dismiss(escalation_id, by=by, expected_version=expected_version)
