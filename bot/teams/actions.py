"""Card buttons: feedback, "Ask an admin", and the admins' Answer / Resolve.

A press arrives two ways and is handled once: as an `adaptiveCard/action` invoke
(Universal Actions, `Action.Execute`), answered with the updated card Teams
shows in place of the pressed one; or, from clients without Universal
Actions, as a message whose `value` is the `Action.Submit` data, after which
the pressed card is updated through the connector (`update_activity`).
Either way feedback replaces the buttons with a "Thanks" line instead of
posting a new message.

The replacement card is the answer card as sent, minus the pressed buttons.
`RememberAnswerCards` (adapter middleware) keeps recently sent answer cards,
whoever sends them (a turn's reply or a proactive answer). When a card is no
longer known (after a restart), the card is left as it is and the thanks is
said in words, so an answer is never replaced by less than itself.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse

from bot.application.asking.ask_admin import AdminRequest
from bot.application.escalations.errors import Conflict, InvalidInput, NotFound
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.application.recent_items import RecentItems
from bot.teams.admin_cards import escalation_card
from bot.teams.cards import ASKED_ADMINS, FEEDBACK_ACTIONS, SAVED_FOR_ADMINS, THANKS, after_action, plain
from bot.teams.inbound import ADAPTIVE_CARD, card_activity
from bot.teams.notifier import TeamsNotifier
from bot.application.settings import Settings

log = logging.getLogger(__name__)

ASKER_ACTIONS = (*FEEDBACK_ACTIONS, "ask_admin")
ADMIN_ACTIONS = ("admin_answer", "admin_resolve")
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
AskAdmin = Callable[[TurnContext, int], Awaitable[AdminRequest]]    # the turn, the question id


class InvokeReply(AdaptiveCardInvokeResponse):
    """The invoke response; `value` is a card (dict) or, for a message response, a string, which the
    library's model (typed as a dict) cannot serialise."""

    _attribute_map = {**AdaptiveCardInvokeResponse._attribute_map, "value": {"key": "value", "type": "object"}}


@dataclass(frozen=True)
class Outcome:
    card: dict | None = None       # replaces the pressed card
    message: str | None = None     # said to the person who pressed
    refreshed: bool = False        # the card was already updated through the connector (admins' cards)
    if_not_updated: str | None = None   # said instead when the pressed card cannot be updated (no card id)


def recent_cards() -> RecentItems[int, dict]:
    """The last answer cards by question id, so a pressed card can be re-sent without its buttons."""
    return RecentItems(max_items=2000)


def question_id_of(answer_card_: dict) -> int | None:
    """The question an answer card's buttons refer to (None for other cards)."""
    for action in answer_card_.get("actions") or []:
        data = action.get("data") if isinstance(action, dict) else None
        if isinstance(data, dict) and data.get("action") in ASKER_ACTIONS and "question_id" in data:
            return _int(data["question_id"])
    return None


class RememberAnswerCards(Middleware):
    """Adapter middleware: every answer card sent (replies and proactive messages) goes into `recent`."""

    def __init__(self, recent: RecentItems[int, dict]):
        self._recent = recent

    async def on_turn(self, context: TurnContext, logic):
        async def remember(_context, activities, next_send):
            for activity in activities or []:
                for attachment in activity.attachments or []:
                    content = attachment.content
                    if attachment.content_type == ADAPTIVE_CARD and isinstance(content, dict):
                        question_id = question_id_of(content)
                        if question_id is not None:
                            self._recent.put(question_id, content)
            return await next_send()

        context.on_send_activities(remember)
        await logic()


class CardActions:
    def __init__(self, *, settings: Settings, store: EscalationStore, escalations: EscalationService,
                 notifier: TeamsNotifier, ask_admin: AskAdmin):
        self._settings = settings
        self._ask_admin = ask_admin
        self._store = store
        self._escalations = escalations
        self._notifier = notifier
        self.recent = recent_cards()

    def is_admin(self, turn_context: TurnContext) -> bool:
        account = turn_context.activity.from_property
        aad_id = account.aad_object_id if account else None
        return bool(aad_id) and aad_id in self._settings.teams.admin_aad_ids

    # -- the two ways in ---------------------------------------------------------------------------
    async def on_submit(self, turn_context: TurnContext, data: dict) -> None:
        """An `Action.Submit` message: act, update the pressed card, reply."""
        outcome = await self.run(turn_context, data)
        pressed = turn_context.activity.reply_to_id
        if outcome.card is not None and not outcome.refreshed and pressed:
            update = card_activity(outcome.card)
            update.id = pressed
            try:
                await turn_context.update_activity(update)
            except Exception as error:     # the answer stays recorded; say thanks the old way
                log.warning("could not update the pressed card: %s", type(error).__name__)
                pressed = None
        if outcome.message:
            await turn_context.send_activity(outcome.message)
        elif outcome.if_not_updated and not pressed:
            await turn_context.send_activity(outcome.if_not_updated)

    async def on_invoke(self, turn_context: TurnContext, action: dict) -> AdaptiveCardInvokeResponse:
        """An `adaptiveCard/action` invoke: act, return the card that replaces the pressed one."""
        action = action if isinstance(action, dict) else {}
        data = dict(action["data"]) if isinstance(action.get("data"), dict) else {}
        data.setdefault("action", str(action.get("verb") or ""))
        outcome = await self.run(turn_context, data)
        if outcome.card is not None:
            if outcome.message:
                await turn_context.send_activity(outcome.message)
            return InvokeReply(status_code=200, type=ADAPTIVE_CARD, value=outcome.card)
        return InvokeReply(status_code=200, type=MESSAGE_RESPONSE, value=outcome.message or "Done.")

    # -- what a press does ---------------------------------------------------------------------------
    async def run(self, turn_context: TurnContext, data: dict) -> Outcome:
        action = str(data.get("action") or "")
        if action in ASKER_ACTIONS:
            return await self._asker_action(turn_context, action, data)
        if action in ADMIN_ACTIONS:
            if not self.is_admin(turn_context):
                return Outcome(message="Sorry, only PolicyBot admins can answer or resolve escalations.")
            return await self._admin_action(turn_context, action, data)
        log.info("ignoring an unknown card action")
        return Outcome(message="Sorry, I don't know that button.")

    async def _asker_action(self, turn_context: TurnContext, action: str, data: dict) -> Outcome:
        question_id = _int(data.get("question_id"))
        try:
            if action == "ask_admin":
                asked = await self._ask_admin(turn_context, question_id)
                if asked.escalation is None:
                    # The card keeps its buttons: the asker may press again once the hour has passed.
                    return Outcome(message=asked.refusal)
                note = ASKED_ADMINS if asked.escalation.admin_message else SAVED_FOR_ADMINS
                return Outcome(card=self._updated(question_id, action, note), message=note.removeprefix("🙋 "))
            await asyncio.to_thread(self._store.set_feedback, question_id, action == "helpful")
        except NotFound:
            return Outcome(message="I can't find that question any more.")
        updated = self._updated(question_id, action, THANKS[action])
        if updated is None:
            return Outcome(message="Thanks for the feedback!")
        return Outcome(card=updated, if_not_updated="Thanks for the feedback!")

    def _updated(self, question_id: int, action: str, note: str) -> dict | None:
        """The pressed answer card without those buttons, or None when it is no longer known."""
        known = self.recent.get(question_id)
        if known is None:
            return None
        updated = after_action(known, action, note)
        self.recent.put(question_id, updated)
        return updated

    async def _admin_action(self, turn_context: TurnContext, action: str, data: dict) -> Outcome:
        escalation_id = _int(data.get("escalation_id"))
        account = turn_context.activity.from_property
        by = account.name or account.aad_object_id or account.id
        try:
            if action == "admin_resolve":
                escalation = await asyncio.to_thread(self._escalations.resolve, escalation_id, by=by)
                await self._notifier.refresh_admin_card(escalation)
                return Outcome(card=escalation_card(escalation), refreshed=True)
            answer = str(data.get("answer") or "").strip()
            if not answer:
                return Outcome(message="Type an answer in the box first, then press Answer.")
            save = str(data.get("save_as_ruling", "")).lower() == "true"
            # The service stores the answer, then notifies the asker through TeamsNotifier (which refreshes the card).
            escalation, delivered = await asyncio.to_thread(
                self._escalations.answer_and_deliver, escalation_id, by=by, text=answer, save_as_ruling=save)
        except InvalidInput as error:
            return Outcome(message=f"Not saved: {plain(str(error))}.")
        except NotFound:
            return Outcome(message=f"Escalation #{escalation_id} doesn't exist.")
        except Conflict:
            current = await asyncio.to_thread(self._store.get, escalation_id)
            by_whom = f", by {plain(current.answered_by)}" if current.answered_by else ""
            return Outcome(card=escalation_card(current), refreshed=True,
                           message=f"Escalation #{escalation_id} was already handled ({current.status}{by_whom}).")
        asker = plain(escalation.asker_name) or "the asker"
        return Outcome(card=escalation_card(escalation), refreshed=True, message=(
            f"Sent your answer to {asker}." if delivered else
            f"Your answer is saved, but I couldn't deliver it to {asker}; it shows in the admin console."))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
