"""The Teams bot: routes each activity to answering, feedback, escalation or admin actions.

Listeners stay short: parse the activity, call the core or the store, render
a card, reply. Blocking work (the answering engine, the escalation service,
which notifies the asker) runs in a worker thread so the server's event loop
stays free to deliver proactive messages.
"""
from __future__ import annotations

import asyncio
import logging
import time

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import AdaptiveCardInvokeValue

from bot.escalations.models import Escalation, ReplyAddress
from bot.escalations.service import EscalationService
from bot.escalations.store import EscalationStore
from bot.teams.actions import CardActions
from bot.teams.admin_cards import escalation_card
from bot.teams.admin_channel import AdminChannel, post_pending
from bot.teams.cards import HELP_TEXT, answer_card, welcome_card
from bot.teams.inbound import (asker_of, card_activity, collection_for, question_text, reference_dict,
                               submitted, tenant_of)
from bot.teams.notifier import PLATFORM, Proactive, TeamsNotifier
from knowledge.ports import AnswerService
from knowledge.settings import Settings

log = logging.getLogger(__name__)
REGISTER_COMMAND = "register admins"
HELP_WORDS = {"", "help", "?", "hi", "hello"}


class PolicyBot(TeamsActivityHandler):
    def __init__(self, *, settings: Settings, service: AnswerService, store: EscalationStore,
                 escalations: EscalationService, notifier: TeamsNotifier, proactive: Proactive, admin_channel: AdminChannel):
        self._settings = settings
        self._service = service
        self._store = store
        self._escalations = escalations
        self._notifier = notifier
        self._proactive = proactive
        self._admin_channel = admin_channel
        # Card buttons (actions.py); server.py feeds its memory of sent answer cards.
        self.actions = CardActions(settings=settings, store=store, escalations=escalations, notifier=notifier,
                                   escalate=self._escalate)

    async def on_conversation_update_activity(self, turn_context: TurnContext):
        # Only greet when the bot itself is added; members joining a team get no message from us.
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if any(member.id == bot_id for member in activity.members_added or []):
            collection = collection_for(self._settings, tenant_of(activity))
            sources = await asyncio.to_thread(self._service.sources, collection)
            await turn_context.send_activity(card_activity(welcome_card(sources)))

    async def on_message_activity(self, turn_context: TurnContext):
        value = submitted(turn_context.activity)
        if value is not None:
            return await self._on_submit(turn_context, value)
        question = question_text(turn_context.activity)
        if question.lower().strip(" .!") in HELP_WORDS:
            return await turn_context.send_activity(HELP_TEXT)
        if question.lower().strip(" .!") == REGISTER_COMMAND:
            return await self._register_admins(turn_context)
        await self._answer(turn_context, question)

    async def _answer(self, turn_context: TurnContext, question: str) -> None:
        activity = turn_context.activity
        tenant = tenant_of(activity)
        collection = collection_for(self._settings, tenant)
        asker = asker_of(activity)
        started = time.perf_counter()
        answer = await asyncio.to_thread(self._service.ask, question, collection=collection)
        latency_ms = (time.perf_counter() - started) * 1000
        record = self._store.record_question(   # answer.question: capped like every platform's
            platform=PLATFORM, question=answer.question, answer=answer, latency_ms=latency_ms,
            collection=collection, tenant=tenant, channel=activity.conversation.id, asker_id=asker.aad_id,
            asker_name=asker.name)
        await turn_context.send_activity(card_activity(answer_card(answer, record.id)))
        if answer.escalate:
            await self._escalate(turn_context, record.id, answer.escalation_reason or "the policies do not settle it")

    async def _escalate(self, turn_context: TurnContext, question_id: int, reason: str) -> Escalation:
        """Store the escalation and post it to the admins' channel (once per question)."""
        reference = reference_dict(turn_context.activity)
        escalation = self._store.escalate(
            question_id, reason=reason, reply_to=ReplyAddress(PLATFORM, {"conversation_reference": reference}))
        if escalation.admin_message:
            return escalation
        admin_reference = self._admin_channel.reference(borrow_from=reference)
        if admin_reference is None:
            log.warning("escalation %s stored but no Teams admins' channel is registered", escalation.id)
            return escalation
        try:
            activity_id = await self._proactive.send(admin_reference, card_activity(escalation_card(escalation)))
        except Exception:   # the escalation is stored either way; the admin console still lists it
            log.exception("could not post escalation %s to the Teams admins' channel", escalation.id)
            return escalation
        self._store.set_admin_message(
            escalation.id, {"conversation_reference": admin_reference, "activity_id": activity_id})
        return self._store.get(escalation.id)

    async def _register_admins(self, turn_context: TurnContext) -> None:
        if not self._is_admin(turn_context):
            await turn_context.send_activity("Only PolicyBot admins (teams.admin_aad_ids) can register this channel.")
            return
        root = self._admin_channel.register(reference_dict(turn_context.activity))
        await turn_context.send_activity("Registered: escalated questions will be posted in this channel.")
        posted = await post_pending(self._store, self._proactive, root)   # those asked before there was one
        if posted:
            await turn_context.send_activity(f"Posted {posted} question(s) that were waiting for an admin.")

    async def _on_submit(self, turn_context: TurnContext, value: dict) -> None:
        await self.actions.on_submit(turn_context, value)

    async def on_adaptive_card_invoke(self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue):
        """Universal Actions (`Action.Execute`): the returned card replaces the pressed one."""
        return await self.actions.on_invoke(turn_context, invoke_value.action or {})

    def _is_admin(self, turn_context: TurnContext) -> bool:
        return self.actions.is_admin(turn_context)
