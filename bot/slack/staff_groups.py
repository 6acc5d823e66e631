"""Staff groups in Slack: the "which group are you?" buttons, `/policy group`, and user-group membership.

When versions of a policy for different staff groups compete and the asker's group is unknown, the answer
is held back and the asker gets one button per group (`group_prompt_blocks`). A press is checked
(`bot.application.staff_groups.choosing`), remembered, and the question answered again from the version for
that group, in the same place. `/policy group` shows the asker's group with buttons to change it; every
answer that quotes one group's version says so, with a "Change my group" button. Members of a Slack user
group mapped in `staff_groups.slack_usergroups` belong to its staff group (cached for a few minutes).
"""
from __future__ import annotations

import logging
import re
import threading
import time
from typing import Callable, Mapping

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.application.asking.question import Question
from bot.application.asking.service import AskResult
from bot.application.staff_groups.askers import AskerGroup
from bot.application.staff_groups.choosing import (PICK_TEXT, ChoiceRefused, choose, confirmation, current_text,
                                                   is_group_request, parse_slack_value, prompt_text, slack_value,
                                                   version_note)
from bot.slack import blocks as bk
from bot.slack.deps import SlackDeps
from knowledge.staff_groups.vocabulary import vocabulary

log = logging.getLogger(__name__)

PLATFORM = "slack"
CHOOSE = "policybot_staff_group"        # action ids: policybot_staff_group:<group> (unique within a block)
CHANGE = "policybot_change_group"
ACTION = re.compile(rf"^{CHOOSE}:[a-z][a-z0-9_]{{0,39}}$")
CHANGE_HINT = "Type `/policy group` to change it."


def group_buttons(groups, question_id: int | None) -> dict:
    return {"type": "actions", "block_id": "staff_group",
            "elements": [bk.button(vocabulary().label(g), f"{CHOOSE}:{g}", slack_value(g, question_id))
                         for g in groups][:25]}


def group_prompt_blocks(groups: tuple[str, ...], question_id: int | None) -> list[dict]:
    return [bk.section(bk.escape(prompt_text(groups))), group_buttons(groups, question_id)]


def picker_blocks(asker: AskerGroup) -> list[dict]:
    blocks = [bk.section(bk.escape(current_text(asker.label(), asker.changeable)))]
    if asker.changeable:
        blocks.append(group_buttons(vocabulary().keys, None))
    return blocks


def version_blocks(result: AskResult) -> list[dict]:
    """The line under an answer saying whose version it quotes, with "Change my group" when it is the asker's to change."""
    note = version_note(result.answer)
    if not note:
        return []
    blocks = [bk.context(bk.escape(note))]
    if result.asker_group.known and result.asker_group.changeable:
        blocks.append({"type": "actions", "block_id": "staff_group_change",
                       "elements": [bk.button("Change my group", CHANGE, "change")]})
    return blocks


class SlackGroupMembership:
    """The staff group given by membership of a Slack user group (`staff_groups.slack_usergroups`)."""

    def __init__(self, usergroups: Mapping[str, str], *, ttl_seconds: float = 300,
                 clock: Callable[[], float] = time.monotonic):
        self._usergroups = dict(usergroups)
        self._ttl, self._clock = ttl_seconds, clock
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def group_of(self, user_id: str, client: WebClient | None) -> str | None:
        if not user_id or not self._usergroups or client is None:
            return None
        for usergroup, group in self._usergroups.items():
            if user_id in self._members_of(usergroup, client):
                return group
        return None

    def _members_of(self, usergroup: str, client: WebClient) -> frozenset[str]:
        with self._lock:
            fetched, members = self._members.get(usergroup, (None, frozenset()))
            if fetched is None or self._clock() - fetched > self._ttl:
                try:
                    users = client.usergroups_users_list(usergroup=usergroup).get("users") or []
                    members = frozenset(u for u in users if isinstance(u, str))
                    self._members[usergroup] = (self._clock(), members)
                except SlackApiError as err:
                    log.warning("usergroups.users.list failed for %s: %s", usergroup, err.response.get("error"))
            return members


def membership(deps: SlackDeps) -> SlackGroupMembership:
    """The deps' membership cache (made on first use, so SlackDeps needs no new field)."""
    found = getattr(deps, "_staff_group_membership", None)
    if found is None:
        found = SlackGroupMembership(deps.settings.staff_groups.slack_usergroups)
        deps._staff_group_membership = found
    return found


def is_group_command(body: dict) -> bool:
    return is_group_request(body.get("text"))


def register(app: App, deps: SlackDeps) -> None:
    """Registered before the question listeners, so `/policy group` is not taken for a question."""

    def ack_now(ack: Ack) -> None:
        ack()

    def on_group_command(ack: Ack, body: dict, client: WebClient) -> None:
        user = body.get("user_id", "")
        asker = deps.asking.groups.of(PLATFORM, user, platform_group=membership(deps).group_of(user, client))
        ack(response_type="ephemeral", blocks=picker_blocks(asker), text=PICK_TEXT)

    def on_change(body: dict, client: WebClient, respond: Respond) -> None:
        user = body["user"]["id"]
        asker = deps.asking.groups.of(PLATFORM, user, platform_group=membership(deps).group_of(user, client))
        respond(response_type="ephemeral", replace_original=False, blocks=picker_blocks(asker), text=PICK_TEXT)

    def on_choose(body: dict, client: WebClient, respond: Respond) -> None:
        user = body["user"]["id"]
        action = body["actions"][0]
        try:
            press = parse_slack_value(action.get("value"))
            if action.get("action_id") != f"{CHOOSE}:{press.group}":
                raise ChoiceRefused("That button doesn't match its group, so nothing was changed.")
            choice = choose(deps.asking.groups, deps.store, platform=PLATFORM, user_id=user, press=press,
                            platform_group=membership(deps).group_of(user, client))
        except ChoiceRefused as refused:
            respond(response_type="ephemeral", replace_original=False, text=str(refused))
            return
        respond(replace_original=True, text=confirmation(choice, CHANGE_HINT),
                blocks=[bk.section(bk.escape(confirmation(choice, CHANGE_HINT)))])
        if choice.question is not None:
            _answer_again(deps, client, body, choice.question, choice.group)

    app.command("/policy", matchers=[is_group_command])(on_group_command)
    app.action(ACTION)(ack=ack_now, lazy=[on_choose])
    app.action(CHANGE)(ack=ack_now, lazy=[on_change])


def _answer_again(deps: SlackDeps, client: WebClient, body: dict, record, group: str) -> None:
    """Answer the presser's question again for their group, where the buttons were (ephemeral stays ephemeral)."""
    from bot.slack.asking import Incoming, SlackReplier

    container = body.get("container") or {}
    message = body.get("message") or {}
    team = (body.get("team") or {}).get("id") or record.tenant
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or record.channel
    ephemeral = bool(container.get("is_ephemeral")) and bool(body.get("response_url"))
    q = Incoming(team=team, channel=channel, user=record.asker_id, text=record.question,
                 surface="command" if ephemeral else "dm", thread_ts=message.get("thread_ts"),
                 response_url=body.get("response_url") or "" if ephemeral else "")
    question = Question(platform=PLATFORM, text=record.question, tenant=team, channel=channel,
                        asker_id=record.asker_id, asker_name=record.asker_name, reply_to=q.reply_to(),
                        collection=record.collection or deps.collection_for(team), staff_group=group)
    deps.asking.ask(question, SlackReplier(deps, client, q))
