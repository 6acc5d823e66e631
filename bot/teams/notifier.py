"""Proactive messages: posting to stored conversation references and `TeamsNotifier`.

`TeamsNotifier` implements the escalation `Notifier` port for platform
"teams": it sends an admin's answer to the asker's original conversation
(thread included) with `continue_conversation`, and refreshes the admins'
card to show who answered and when. The port is synchronous (the admin web
UI and the CLI call it from plain threads), so the notifier runs its
coroutine on the bot server's event loop (`ServerLoop`) when one is bound,
else on a fresh loop.
"""
from __future__ import annotations

import logging
from typing import Awaitable, Callable

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity

from bot.application.escalations.models import Escalation
from bot.teams.admin_cards import admin_answer_card, escalation_card
from bot.teams.event_loop import ServerLoop
from bot.teams.inbound import card_activity, reference_from
from bot.teams.service_urls import ServiceUrlPolicy

log = logging.getLogger(__name__)
PLATFORM = "teams"
DELIVERY_TIMEOUT = 120     # seconds a caller thread waits for the bot server's loop to deliver


class UntrustedServiceUrl(ValueError):
    """A stored conversation reference points at a host the bot must not send to."""


class Proactive:
    """Sends and updates activities outside of a user's turn; failures raise to the caller.

    Stored references are checked against the trusted serviceUrls (`ServiceUrlPolicy`) before
    anything is sent: a reference written before the check existed, or edited on disk, cannot
    make the bot post to another host.
    """

    def __init__(self, adapter: BotAdapter, app_id: str = "", trusted: ServiceUrlPolicy | None = None):
        self._adapter = adapter
        self._app_id = app_id
        self._trusted = trusted

    async def send(self, reference: dict, activity: Activity) -> str:
        """Post `activity` where `reference` points; returns the new activity's id."""
        sent: list[str] = []

        async def deliver(context: TurnContext) -> None:
            # The continuation activity carries a made-up id that send_activity would reply to; use the
            # stored message id instead (a reply to the question), or none at all (a new post).
            context.activity.id = reference.get("activityId")
            response = await context.send_activity(activity)
            sent.append(response.id if response else "")

        await self._continue(reference, deliver)
        return sent[0] if sent else ""

    async def update(self, reference: dict, activity_id: str, activity: Activity) -> None:
        async def replace(context: TurnContext) -> None:
            activity.id = activity_id
            await context.update_activity(activity)

        await self._continue(reference, replace)

    async def _continue(self, reference: dict, work: Callable[[TurnContext], Awaitable[None]]) -> None:
        # Errors are caught inside the turn: left alone, the adapter would hand them to on_turn_error,
        # which apologises into the conversation and swallows them.
        errors: list[Exception] = []

        async def guarded(context: TurnContext) -> None:
            try:
                await work(context)
            except Exception as error:
                errors.append(error)

        if self._trusted is not None and not self._trusted.allows(reference.get("serviceUrl")):
            raise UntrustedServiceUrl("the stored conversation's serviceUrl is not a trusted Bot Framework host")
        await self._adapter.continue_conversation(reference_from(reference), guarded, self._app_id)
        if errors:
            raise errors[0]


class TeamsNotifier:
    """Delivers answered escalations to Teams askers and updates the admins' card."""

    def __init__(self, proactive: Proactive, server_loop: ServerLoop | None = None):
        self._proactive = proactive
        self._loop = server_loop or ServerLoop()

    @property
    def proactive(self) -> Proactive:
        return self._proactive

    def notify_answer(self, escalation: Escalation) -> None:
        self._loop.run_somewhere(self.deliver_answer(escalation), timeout=DELIVERY_TIMEOUT)

    async def deliver_answer(self, escalation: Escalation) -> None:
        """Send the answer to the asker, then refresh the admins' card (even if the first step failed)."""
        reply_to = escalation.reply_to
        try:
            if reply_to is None or reply_to.platform != PLATFORM or not reply_to.data.get("conversation_reference"):
                raise ValueError(f"escalation {escalation.id} has no Teams conversation to reply to")
            await self._proactive.send(reply_to.data["conversation_reference"],
                                       card_activity(admin_answer_card(escalation)))
        finally:
            await self.refresh_admin_card(escalation)

    async def refresh_admin_card(self, escalation: Escalation) -> None:
        message = escalation.admin_message or {}
        if message.get("conversation_reference") and message.get("activity_id"):
            await self._proactive.update(message["conversation_reference"], message["activity_id"],
                                         card_activity(escalation_card(escalation)))
