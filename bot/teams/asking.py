"""Teams questions through the inbox: stored before the 200, answered by the inbox worker.

The bot's turn stores the question (the worker's `take`), sends a typing indicator, hands the item to
the worker and waits up to `inbox.teams_wait_seconds` for it, so normally the answer is posted
before the HTTP response, as Teams users expect. The worker replies with proactive messages on
the stored conversation reference, which also works after the turn is over: a slow answer, or
one picked up after a crash and restart, still reaches the asker in the same conversation.
"""
from __future__ import annotations

import asyncio
import logging
import uuid

from botbuilder.schema import Activity

from bot.application.asking.question import Question
from bot.application.asking.service import LATE_ANSWER, AskResult, AskService
from bot.application.escalations.inbox import Inbox, InboxItem
from bot.application.escalations.models import Escalation, ReplyAddress
from bot.application.escalations.store import EscalationStore
from bot.teams import staff_groups
from bot.teams.admin_cards import escalation_card
from bot.teams.admin_channel import AdminChannel
from bot.teams.cards import answer_card
from bot.teams.event_loop import ServerLoop
from bot.teams.inbound import asker_of, card_activity, collection_for, reference_dict, tenant_of
from bot.teams.notifier import PLATFORM, Proactive
from bot.application.settings import Settings

log = logging.getLogger(__name__)
SEND_TIMEOUT = 60       # seconds a worker thread waits for the server's loop to post a reply


async def post_escalation(escalation: Escalation, reference: dict, *, proactive: Proactive,
                          admin_channel: AdminChannel, store: EscalationStore) -> Escalation:
    """Post the escalation's card in the admins' channel (once); the stored escalation stays either way."""
    if escalation.admin_message:
        return escalation
    admin_reference = admin_channel.reference(borrow_from=reference)
    if admin_reference is None:
        log.warning("escalation %s stored but no Teams admins' channel is registered", escalation.id)
        return escalation
    try:
        activity_id = await proactive.send(admin_reference, card_activity(escalation_card(escalation)))
    except Exception:   # the escalation is stored either way; the admin console still lists it
        log.exception("could not post escalation %s to the Teams admins' channel", escalation.id)
        return escalation
    data = {"conversation_reference": admin_reference, "activity_id": activity_id}
    await asyncio.to_thread(store.set_admin_message, escalation.id, data)
    return await asyncio.to_thread(store.get, escalation.id)


class TeamsReplier:
    """Replies to one Teams question with proactive messages in its conversation (thread included)."""

    def __init__(self, server_loop: ServerLoop, proactive: Proactive, admin_channel: AdminChannel,
                 store: EscalationStore, reference: dict):
        self.server_loop, self.proactive, self.admin_channel = server_loop, proactive, admin_channel
        self.store, self.reference = store, reference

    def _send(self, activity: Activity) -> None:
        self.server_loop.run(self.proactive.send(self.reference, activity), timeout=SEND_TIMEOUT)

    def answer(self, result: AskResult) -> None:
        answer = result.shown_answer
        if result.late:
            self._send(Activity(type="message", text=LATE_ANSWER))
        if result.ask_group:        # versions for different staff groups compete: ask which first
            self._send(card_activity(staff_groups.group_prompt_card(answer.staff_groups, result.question_id)))
            return
        # Without a log row (database down) the feedback buttons carry id 0, which finds nothing.
        self._send(card_activity(staff_groups.with_version(answer_card(answer, result.question_id or 0), result)))

    def notice(self, text: str) -> None:
        self._send(Activity(type="message", text=text))

    def escalated(self, escalation: Escalation) -> None:
        self.server_loop.run(post_escalation(escalation, self.reference, proactive=self.proactive,
                                             admin_channel=self.admin_channel, store=self.store), timeout=SEND_TIMEOUT)


class TeamsQuestions:
    """The Teams side of the inbox: `inbox_fields` in the turn, `answer_item`/`expire_item` in the worker."""

    def __init__(self, settings: Settings, asking: AskService, inbox: Inbox, proactive: Proactive,
                 admin_channel: AdminChannel, server_loop: ServerLoop):
        self.settings, self.asking, self.inbox = settings, asking, inbox
        self.proactive, self.admin_channel, self.server_loop = proactive, admin_channel, server_loop

    def inbox_fields(self, activity, text: str) -> dict:
        """What the inbox takes for a Teams question (`InboxWorker.take` arguments; the text raw: the worker cleans it)."""
        asker = asker_of(activity)
        conversation = activity.conversation.id
        # Activity ids are unique within a conversation; without one there is nothing to dedupe on.
        key = f"{conversation}:{activity.id}" if activity.id else f"{conversation}:noid:{uuid.uuid4().hex}"
        address = {"conversation_reference": reference_dict(activity)}
        team_group = staff_groups.team_group(self.settings, activity)
        if team_group:
            address[staff_groups.TEAM_GROUP] = team_group
        return dict(platform=PLATFORM, key=key, text=text, reply_to=ReplyAddress(PLATFORM, address),
                    tenant=tenant_of(activity), channel=conversation, asker_id=asker.aad_id, asker_name=asker.name)

    def _replier(self, item: InboxItem) -> TeamsReplier:
        return TeamsReplier(self.server_loop, self.proactive, self.admin_channel, self.asking.store,
                            item.reply_to.data.get("conversation_reference") or {})

    def _question(self, item: InboxItem) -> Question:
        return Question(platform=PLATFORM, text=item.text, tenant=item.tenant, channel=item.channel,
                        asker_id=item.asker_id, asker_name=item.asker_name, reply_to=item.reply_to,
                        collection=collection_for(self.settings, item.tenant), received_at=item.received_at,
                        length=item.length, platform_group=staff_groups.stored_team_group(item.reply_to.data))

    def answer_item(self, item: InboxItem, late: bool) -> int | None:
        return self.asking.ask(self._question(item), self._replier(item), late=late).question_id

    def expire_item(self, item: InboxItem) -> int | None:
        return self.asking.expire(self._question(item), self._replier(item)).question_id
