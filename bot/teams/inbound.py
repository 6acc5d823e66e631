"""Reading Teams activities: the question text, the tenant, the asker and where to reply.

Conversation references are stored as plain JSON (the Bot Framework's own
camelCase serialisation) so the escalation store never sees a botbuilder type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, Attachment, ConversationReference

from bot.application.settings import Settings

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
_THREAD_SUFFIX = re.compile(r";messageid=\d+$")


@dataclass(frozen=True)
class Asker:
    aad_id: str
    name: str


def question_text(activity: Activity) -> str:
    """The message text without the bot's @mention (channels and group chats) or leftover markup."""
    text = activity.text or ""
    if activity.recipient and activity.recipient.id and TurnContext.get_mentions(activity):
        try:
            text = TurnContext.remove_recipient_mention(activity) or ""
        except (KeyError, TypeError, AttributeError):   # a mention entity without "mentioned"
            text = re.sub(r"<at>[^<]*</at>", "", text, count=1)
    # Other people's mentions keep their names; only the markup goes.
    text = re.sub(r"</?at>", "", text)
    return " ".join(text.split())


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant") or {}
    return str(tenant.get("id") or "") if isinstance(tenant, dict) else ""


def collection_for(settings: Settings, tenant: str) -> str:
    return settings.teams.tenants.get(tenant) or settings.default_collection


def asker_of(activity: Activity) -> Asker:
    account = activity.from_property
    if account is None:
        return Asker("", "")
    return Asker(account.aad_object_id or account.id or "", account.name or "")


def reference_dict(activity: Activity) -> dict:
    """Where to reply later: the conversation (thread included) this activity came from."""
    return TurnContext.get_conversation_reference(activity).serialize()


def reference_from(data: dict) -> ConversationReference:
    return ConversationReference().deserialize(data)


def channel_root(reference: dict) -> dict:
    """A reference that posts a new top-level message instead of replying in a thread."""
    root = dict(reference)
    conversation = dict(root.get("conversation") or {})
    conversation["id"] = _THREAD_SUFFIX.sub("", conversation.get("id", ""))
    root["conversation"] = conversation
    root.pop("activityId", None)
    return root


def card_activity(card: dict) -> Activity:
    return Activity(type="message", attachments=[Attachment(content_type=ADAPTIVE_CARD, content=card)])


def submitted(activity: Activity) -> dict | None:
    """The data of an Adaptive Card `Action.Submit`, if this message is one."""
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("action"), str):
        return value
    return None
