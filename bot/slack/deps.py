"""What the Slack listeners share, built once by `build_app` and passed to each listener module."""
from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.application.asking.service import AskService
from bot.application.asking.worker import InboxWorker
from bot.application.escalations.inbox import Inbox
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.application.recent_items import RecentItems
from bot.slack.admins import AdminCheck
from bot.slack.people import DisplayNames
from knowledge.models import Answer
from knowledge.ports import AnswerService
from bot.application.settings import Settings


def recent_answers() -> RecentItems[int, Answer]:
    """The last answers by question id, so "Share in channel" can post an ephemeral answer publicly."""
    return RecentItems(max_items=1000)


@dataclass
class SlackDeps:
    settings: Settings
    answers: AnswerService
    service: EscalationService
    admins: AdminCheck
    asking: AskService
    inbox: Inbox
    client: WebClient | None = None        # the bot-token client the inbox worker replies with
    worker: InboxWorker | None = None      # set by build_app once the deps exist (its handlers use them)
    names: DisplayNames = field(default_factory=DisplayNames)
    recent: RecentItems[int, Answer] = field(default_factory=recent_answers)

    @property
    def store(self) -> EscalationStore:
        return self.service.store

    @property
    def admin_channel(self) -> str:
        return self.settings.slack.admin_channel

    def collection_for(self, team_id: str | None) -> str:
        """The workspace's collection (slack.workspaces), else the default collection."""
        return self.settings.slack.workspaces.get(team_id or "", "") or self.settings.default_collection
