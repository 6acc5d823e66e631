"""Bot Framework activity JSON as Teams sends it, for the HTTP-level tests."""
from __future__ import annotations

import itertools

BOT_ID = "28:policybot-app-id"
TENANT = "tenant-kimberly"
ASKER = {"id": "29:pat", "name": "Pat Teacher", "aadObjectId": "aad-pat"}
ADMIN = {"id": "29:alex", "name": "Alex Admin", "aadObjectId": "aad-alex"}
STRANGER = {"id": "29:sam", "name": "Sam Other", "aadObjectId": "aad-sam"}
PERSONAL = "a:1personal-chat-with-pat"
ADMINS_CHANNEL = "19:admins@thread.tacv2"
STAFF_CHANNEL = "19:staff@thread.tacv2"

_ids = itertools.count(1000)


def activity(service_url: str, *, text: str | None = "", sender: dict = ASKER, conversation: str = PERSONAL,
             conversation_type: str = "personal", value: dict | None = None, entities: list | None = None,
             reply_to_id: str | None = None, tenant: str = TENANT, kind: str = "message", **extra) -> dict:
    body = {
        "type": kind,
        "id": f"msg-{next(_ids)}",
        "timestamp": "2026-11-22T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": sender,
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": tenant,
                         "isGroup": conversation_type != "personal"},
        "recipient": {"id": BOT_ID, "name": "PolicyBot"},
        "channelData": {"tenant": {"id": tenant}},
        "locale": "en-US",
        **extra,
    }
    if text is not None:
        body["text"] = text
    if value is not None:
        body["value"] = value
    if entities is not None:
        body["entities"] = entities
    if reply_to_id is not None:
        body["replyToId"] = reply_to_id
    return body


def mention_of_bot() -> dict:
    return {"type": "mention", "text": "<at>PolicyBot</at>", "mentioned": {"id": BOT_ID, "name": "PolicyBot"}}


def in_thread(channel: str, root_id: str) -> str:
    return f"{channel};messageid={root_id}"
