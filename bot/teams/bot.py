"""The Teams bot: routes each activity to answering, feedback, escalation or admin actions.

Listeners stay short: parse the activity, call the core or the store, render
a card, reply. A question is stored in the durable inbox before the turn ends
and answered by the inbox worker (see asking.py), with a typing indicator
meanwhile. Blocking work (database writes, the escalation service, which
notifies the asker) runs in threads so the server's event loop stays free to
deliver proactive messages.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, AdaptiveCardInvokeValue

from bot.application.asking.ask_admin import AdminRequest, ask_an_admin
from bot.application.asking.worker import InboxWorker
from bot.application.escalations.models import ReplyAddress
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.application.staff_groups.choosing import is_group_request
from bot.teams import staff_groups
from bot.teams.actions import CardActions
from bot.teams.admin_channel import AdminChannel, post_pending
from bot.teams.asking import TeamsQuestions, post_escalation
from bot.teams.cards import HELP_TEXT, welcome_card
from bot.teams.inbound import (asker_of, card_activity, collection_for, question_text, reference_dict, submitted,
                               tenant_of)
from bot.teams.notifier import PLATFORM, Proactive, TeamsNotifier
from knowledge.ports import AnswerService
from bot.application.settings import Settings

log = logging.getLogger(__name__)
REGISTER_COMMAND = "register admins"
HELP_WORDS = {"", "help", "?", "hi", "hello"}


class PolicyBot(TeamsActivityHandler):
    def __init__(self, *, settings: Settings, service: AnswerService, store: EscalationStore,
                 escalations: EscalationService, notifier: TeamsNotifier, proactive: Proactive, admin_channel: AdminChannel,
                 questions: TeamsQuestions, worker: InboxWorker):
        self._settings = settings
        self._service = service
        self._store = store
        self._escalations = escalations
        self._notifier = notifier
        self._proactive = proactive
        self._admin_channel = admin_channel
        self._questions = questions
        self.worker = worker
        # Card buttons (actions.py); server.py feeds its memory of sent answer cards.
        self.actions = CardActions(settings=settings, store=store, escalations=escalations, notifier=notifier,
                                   ask_admin=self._ask_admin)
        self.groups = staff_groups.TeamsGroupActions(settings, questions)   # "which staff group are you?" cards

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
        if is_group_request(question):
            return await self.groups.show_picker(turn_context)
        await self._answer(turn_context, question)

    async def _answer(self, turn_context: TurnContext, question: str) -> None:
        # Stored before the turn ends (and so before the HTTP response): a crash from here on loses nothing.
        fields = self._questions.inbox_fields(turn_context.activity, question)
        queued = await asyncio.to_thread(lambda: self.worker.take(**fields))
        if queued is None:
            return      # a redelivery of an activity already received (here or by another replica)
        await turn_context.send_activity(Activity(type="typing"))
        answered = asyncio.wrap_future(queued)
        try:
            await asyncio.wait_for(asyncio.shield(answered), timeout=self._settings.inbox.teams_wait_seconds)
        except asyncio.TimeoutError:
            log.info("a Teams answer is taking long; it will follow proactively")

    async def _ask_admin(self, turn_context: TurnContext, question_id: int) -> AdminRequest:
        """"Ask an admin": escalate (unless the asker is over the hourly limit), post it to the admins' channel once."""
        reference = reference_dict(turn_context.activity)
        asked = await asyncio.to_thread(
            ask_an_admin, self._questions.asking, question_id, asker_id=asker_of(turn_context.activity).aad_id,
            reply_to=ReplyAddress(PLATFORM, {"conversation_reference": reference}))
        if asked.escalation is None:
            return asked
        escalation = await post_escalation(asked.escalation, reference, proactive=self._proactive,
                                           admin_channel=self._admin_channel, store=self._store)
        return replace(asked, escalation=escalation)

    async def _register_admins(self, turn_context: TurnContext) -> None:
        if not self._is_admin(turn_context):
            await turn_context.send_activity("Only PolicyBot admins (teams.admin_aad_ids) can register this channel.")
            return
        root = await asyncio.to_thread(self._admin_channel.register, reference_dict(turn_context.activity))
        await turn_context.send_activity("Registered: escalated questions will be posted in this channel.")
        posted = await post_pending(self._store, self._proactive, root)   # those asked before there was one
        if posted:
            await turn_context.send_activity(f"Posted {posted} question(s) that were waiting for an admin.")

    async def _on_submit(self, turn_context: TurnContext, value: dict) -> None:
        if value.get("action") in staff_groups.ACTIONS:
            return await self.groups.on_submit(turn_context, value)
        await self.actions.on_submit(turn_context, value)

    async def on_adaptive_card_invoke(self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue):
        """Universal Actions (`Action.Execute`): the returned card replaces the pressed one."""
        action = invoke_value.action if isinstance(invoke_value.action, dict) else {}
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        if data.get("action") in staff_groups.ACTIONS:
            return await self.groups.on_invoke(turn_context, data)
        return await self.actions.on_invoke(turn_context, invoke_value.action or {})

    def _is_admin(self, turn_context: TurnContext) -> bool:
        return self.actions.is_admin(turn_context)
