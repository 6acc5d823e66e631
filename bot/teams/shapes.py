"""Every inbound Teams activity checked for shape and types before the bot (or the inbox) sees it.

botbuilder's deserializer turns a wrong type into text instead of refusing it: a `text` that is
an object becomes the question "{'a': 1}", a `from.id` that is a number becomes "5". Here the
fields the bot reads are checked on the request's own JSON, with the types the Bot Framework
documents (unknown fields are ignored). The caller authenticates the request first; a bad
shape is then acknowledged (200, so the channel does not resend it), logged once as bad input
(the field, never its value) and dropped.
"""
from __future__ import annotations

from bot.application.payload_shapes import BadShape, check_fields, check_type

NONE = type(None)
OPT_STR = (str, NONE)
OPT_DICT = (dict, NONE)
OPT_LIST = (list, NONE)


def _account(value, name: str, *, required: bool) -> None:
    if value is None and not required:
        return
    check_type(value, dict, name)
    check_fields(value, name, {"id": str} if required else {},
            {"id": OPT_STR, "name": OPT_STR, "aadObjectId": OPT_STR, "role": OPT_STR})


def _list_of_objects(value, name: str) -> list:
    if value is None:
        return []
    check_type(value, list, name)
    for n, entry in enumerate(value):
        check_type(entry, dict, f"{name}[{n}]")
    return value


def check(body: dict) -> None:
    """Raise BadShape when an activity's fields have the wrong types (the body is a dict already)."""
    check_fields(body, "activity", {"type": str, "channelId": str, "serviceUrl": str, "conversation": dict},
            {"id": OPT_STR, "text": OPT_STR, "textFormat": OPT_STR, "locale": OPT_STR, "name": OPT_STR,
             "replyToId": OPT_STR, "timestamp": OPT_STR, "localTimestamp": OPT_STR, "channelData": OPT_DICT,
             "entities": OPT_LIST, "attachments": OPT_LIST, "membersAdded": OPT_LIST, "membersRemoved": OPT_LIST,
             "action": OPT_STR})
    if body["type"] in ("message", "invoke"):
        check_fields(body, "activity", {"id": str})
    _account(body.get("from"), "from", required=True)
    _account(body.get("recipient"), "recipient", required=False)
    check_fields(body["conversation"], "conversation", {"id": str},
            {"tenantId": OPT_STR, "conversationType": OPT_STR, "isGroup": (bool, NONE), "name": OPT_STR})
    for n, entity in enumerate(_list_of_objects(body.get("entities"), "entities")):
        check_fields(entity, f"entities[{n}]", {}, {"type": OPT_STR, "text": OPT_STR, "mentioned": OPT_DICT})
        if isinstance(entity.get("mentioned"), dict):
            _account(entity["mentioned"], f"entities[{n}].mentioned", required=False)
    _list_of_objects(body.get("attachments"), "attachments")
    for name in ("membersAdded", "membersRemoved"):
        for n, member in enumerate(_list_of_objects(body.get(name), name)):
            _account(member, f"{name}[{n}]", required=True)
    data = body.get("channelData")
    if isinstance(data, dict):
        check_fields(data, "channelData", {}, {"tenant": OPT_DICT, "team": OPT_DICT, "channel": OPT_DICT})
        for key in ("tenant", "team", "channel"):
            if isinstance(data.get(key), dict):
                check_fields(data[key], f"channelData.{key}", {}, {"id": OPT_STR, "name": OPT_STR})
    if body["type"] == "message" and "value" in body:
        check_type(body["value"], OPT_DICT, "activity.value")       # an Action.Submit's data, or nothing


def problem(body: dict) -> str | None:
    """The shape problem of an activity, or None when it is well formed."""
    try:
        check(body)
    except BadShape as bad:
        return str(bad)
    return None
