"""Staff groups in Teams: the "which group are you?" card, "my group" to change it, and team membership.

When versions of a policy for different staff groups compete and the asker's group is unknown, the asker
gets an Adaptive Card with one button per group instead of an answer (`group_prompt_card`). A press
(`Action.Execute`, or `Action.Submit` from older clients) is checked, remembered, and the question answered
again from that group's version. Typing "my group" (or "change my group") shows the asker's group with
buttons to change it. Questions asked in a channel of a team mapped in `staff_groups.teams_groups` (by the
team's AAD group id or its team id) get that team's group.
"""
from __future__ import annotations

import asyncio
import logging

from botbuilder.core import TurnContext

from bot.application.asking.question import Question
from bot.application.asking.service import AskResult
from bot.application.escalations.models import ReplyAddress
from bot.application.staff_groups.askers import AskerGroup
from bot.application.staff_groups.choosing import (ChoiceRefused, choose, confirmation, current_text,
                                                   parse_press, prompt_text, version_note)
from bot.teams.cards import card, execute, plain, text
from bot.teams.inbound import ADAPTIVE_CARD, asker_of, card_activity, collection_for, reference_dict, tenant_of
from bot.application.settings import Settings
from knowledge.staff_groups.vocabulary import vocabulary

log = logging.getLogger(__name__)

PLATFORM = "teams"
CHOOSE = "staff_group"
CHANGE = "change_group"
ACTIONS = (CHOOSE, CHANGE)
CHANGE_HINT = "Type “my group” to change it."
TEAM_GROUP = "staff_group"          # key of the group a mapped team gives, kept with the question's reply address


def _choices(groups, question_id: int | None) -> list[dict]:
    return [execute(vocabulary().label(g), action=CHOOSE, group=g, question_id=question_id or 0) for g in groups]


def group_prompt_card(groups: tuple[str, ...], question_id: int | None) -> dict:
    return card([text(plain(prompt_text(groups)))], _choices(groups, question_id))


def picker_card(asker: AskerGroup) -> dict:
    body = [text(plain(current_text(asker.label(), asker.changeable)))]
    return card(body, _choices(vocabulary().keys, None) if asker.changeable else None)


def with_version(answer_card: dict, result: AskResult) -> dict:
    """The answer card with the line saying whose version it quotes (and "Change my group" when it may)."""
    note = version_note(result.answer)
    if not note:
        return answer_card
    body = list(answer_card.get("body") or [])
    body.insert(1, text(plain(note), isSubtle=True, size="Small"))
    out = {**answer_card, "body": body}
    if result.asker_group.known and result.asker_group.changeable:
        out["actions"] = list(answer_card.get("actions") or []) + [execute("Change my group", action=CHANGE)]
    return out


def team_group(settings: Settings, activity) -> str | None:
    """The staff group of the team a channel message came from (`staff_groups.teams_groups`), if mapped."""
    mapping = settings.staff_groups.teams_groups
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team") if isinstance(data.get("team"), dict) else {}
    for key in (team.get("aadGroupId"), team.get("id")):
        if isinstance(key, str) and key in mapping:
            return mapping[key]
    return None


def stored_team_group(data: dict) -> str | None:
    value = data.get(TEAM_GROUP)
    return value if isinstance(value, str) and value in vocabulary() else None


class TeamsGroupActions:
    """Presses on the group cards, and "my group"; `questions` is the bot's TeamsQuestions."""

    def __init__(self, settings: Settings, questions):
        self.settings, self.questions = settings, questions

    @property
    def asking(self):
        return self.questions.asking

    def _asker(self, turn_context: TurnContext) -> AskerGroup:
        activity = turn_context.activity
        return self.asking.groups.of(PLATFORM, asker_of(activity).aad_id,
                                     platform_group=team_group(self.settings, activity))

    async def show_picker(self, turn_context: TurnContext) -> None:
        asker = await asyncio.to_thread(self._asker, turn_context)
        await turn_context.send_activity(card_activity(picker_card(asker)))

    async def press(self, turn_context: TurnContext, data: dict):
        """(the checked and remembered choice, or None when refused; what to tell the presser)."""
        activity = turn_context.activity
        user = asker_of(activity).aad_id
        question_id = data.get("question_id")
        try:
            press = parse_press(data.get("group"), None if question_id in (0, "0") else question_id)
            choice = await asyncio.to_thread(choose, self.asking.groups, self.asking.store, platform=PLATFORM,
                                             user_id=user, press=press,
                                             platform_group=team_group(self.settings, activity))
        except ChoiceRefused as refused:
            return None, str(refused)
        return choice, confirmation(choice, CHANGE_HINT)

    async def answer_again(self, turn_context: TurnContext, choice) -> None:
        if choice is not None and choice.question is not None:
            await asyncio.to_thread(self._answer_again, turn_context, choice.question, choice.group)

    def _answer_again(self, turn_context: TurnContext, record, group: str) -> None:
        from bot.teams.asking import TeamsReplier

        activity = turn_context.activity
        q = self.questions
        reference = reference_dict(activity)
        replier = TeamsReplier(q.server_loop, q.proactive, q.admin_channel, self.asking.store, reference)
        tenant = tenant_of(activity) or record.tenant
        question = Question(platform=PLATFORM, text=record.question, tenant=tenant, channel=record.channel,
                            asker_id=record.asker_id, asker_name=record.asker_name,
                            reply_to=ReplyAddress(PLATFORM, {"conversation_reference": reference}),
                            collection=record.collection or collection_for(self.settings, tenant), staff_group=group)
        self.asking.ask(question, replier)

    async def on_submit(self, turn_context: TurnContext, data: dict) -> None:
        if data.get("action") == CHANGE:
            return await self.show_picker(turn_context)
        choice, said = await self.press(turn_context, data)
        await turn_context.send_activity(said)
        await self.answer_again(turn_context, choice)

    async def on_invoke(self, turn_context: TurnContext, data: dict):
        from bot.teams.actions import MESSAGE_RESPONSE, InvokeReply

        if data.get("action") == CHANGE:
            asker = await asyncio.to_thread(self._asker, turn_context)
            return InvokeReply(status_code=200, type=ADAPTIVE_CARD, value=picker_card(asker))
        choice, said = await self.press(turn_context, data)
        if choice is None:
            return InvokeReply(status_code=200, type=MESSAGE_RESPONSE, value=said)
        await self.answer_again(turn_context, choice)
        return InvokeReply(status_code=200, type=ADAPTIVE_CARD, value=card([text(plain(said))]))
