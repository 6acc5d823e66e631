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

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity

from bot.asking.service import wait_notice
from bot.asking.worker import InboxWorker
from bot.escalations.errors import Conflict, InvalidInput, NotFound
from bot.escalations.models import Escalation, ReplyAddress
from bot.escalations.service import EscalationService
from bot.escalations.store import EscalationStore
from bot.teams.admin_channel import AdminChannel
from bot.teams.asking import TeamsQuestions, post_escalation
from bot.teams.cards import HELP_TEXT, welcome_card
from bot.teams.inbound import card_activity, collection_for, question_text, reference_dict, submitted, tenant_of
from bot.teams.notifier import PLATFORM, Proactive, TeamsNotifier
from knowledge.ports import AnswerService
from knowledge.settings import Settings

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

    async def _escalate(self, turn_context: TurnContext, question_id: int, reason: str) -> Escalation:
        """Store the escalation and post it to the admins' channel (once per question)."""
        reference = reference_dict(turn_context.activity)
        escalation = await asyncio.to_thread(
            self._store.escalate, question_id, reason=reason,
            reply_to=ReplyAddress(PLATFORM, {"conversation_reference": reference}))
        return await post_escalation(escalation, reference, proactive=self._proactive,
                                     admin_channel=self._admin_channel, store=self._store)

    async def _register_admins(self, turn_context: TurnContext) -> None:
        if not self._is_admin(turn_context):
            await turn_context.send_activity("Only PolicyBot admins (teams.admin_aad_ids) can register this channel.")
            return
        await asyncio.to_thread(self._admin_channel.register, reference_dict(turn_context.activity))
        await turn_context.send_activity("Registered: escalated questions will be posted in this channel.")

    async def _on_submit(self, turn_context: TurnContext, value: dict) -> None:
        action = value["action"]
        if action in ("helpful", "not_helpful", "ask_admin"):
            return await self._on_asker_action(turn_context, action, value)
        if action in ("admin_answer", "admin_resolve"):
            if not self._is_admin(turn_context):
                await turn_context.send_activity("Sorry, only PolicyBot admins can answer or resolve escalations.")
                return
            return await self._on_admin_action(turn_context, action, value)
        log.info("ignoring unknown card action %r", action)

    async def _on_asker_action(self, turn_context: TurnContext, action: str, value: dict) -> None:
        question_id = _int(value.get("question_id"))
        try:
            if action == "ask_admin":
                asker = turn_context.activity.from_property
                asker_id = (asker.aad_object_id or asker.id or "") if asker else ""
                if await asyncio.to_thread(self._questions.asking.over_limit, PLATFORM, asker_id):
                    limit = self._settings.asking.escalations_per_asker_per_hour
                    await turn_context.send_activity(wait_notice(limit))
                    return
                escalation = await self._escalate(turn_context, question_id, "the asker asked for an admin")
                posted = bool(escalation.admin_message)
                await turn_context.send_activity(
                    "I've asked the policy admins; I'll message you here when they answer." if posted else
                    "I've saved your question for the policy admins; they'll answer from the admin console.")
                return
            await asyncio.to_thread(self._store.set_feedback, question_id, action == "helpful")
        except NotFound:
            await turn_context.send_activity("I can't find that question any more.")
            return
        await turn_context.send_activity("Thanks for the feedback!")

    async def _on_admin_action(self, turn_context: TurnContext, action: str, value: dict) -> None:
        escalation_id = _int(value.get("escalation_id"))
        account = turn_context.activity.from_property
        by = account.name or account.aad_object_id or account.id
        try:
            if action == "admin_resolve":
                escalation = await asyncio.to_thread(self._escalations.resolve, escalation_id, by=by)
                await self._notifier.refresh_admin_card(escalation)
                return
            text = str(value.get("answer") or "").strip()
            if not text:
                await turn_context.send_activity("Type an answer in the box first, then press Answer.")
                return
            save = str(value.get("save_as_ruling", "")).lower() == "true"
            # The service stores the answer, then notifies the asker through TeamsNotifier.
            escalation, delivered = await asyncio.to_thread(
                self._escalations.answer_and_deliver, escalation_id, by=by, text=text, save_as_ruling=save)
        except InvalidInput as error:
            await turn_context.send_activity(f"Not saved: {error}.")
            return
        except NotFound:
            await turn_context.send_activity(f"Escalation #{escalation_id} doesn't exist.")
            return
        except Conflict:
            current = await asyncio.to_thread(self._store.get, escalation_id)
            await turn_context.send_activity(
                f"Escalation #{escalation_id} was already handled ({current.status}"
                f"{', by ' + current.answered_by if current.answered_by else ''}).")
            return
        asker = escalation.asker_name or "the asker"
        await turn_context.send_activity(
            f"Sent your answer to {asker}." if delivered else
            f"Your answer is saved, but I couldn't deliver it to {asker}; it shows in the admin console.")

    def _is_admin(self, turn_context: TurnContext) -> bool:
        account = turn_context.activity.from_property
        aad_id = account.aad_object_id if account else None
        return bool(aad_id) and aad_id in self._settings.teams.admin_aad_ids


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
