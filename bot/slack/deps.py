"""What the Slack listeners share, built once by `build_app` and passed to each listener module."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.application.asking.service import AskService
from bot.application.asking.worker import InboxWorker
from bot.application.escalations.inbox import Inbox
from bot.application.escalations.service import EscalationService
from bot.application.escalations.store import EscalationStore
from bot.slack.admins import AdminCheck
from bot.slack.people import DisplayNames
from knowledge.models import Answer
from knowledge.ports import AnswerService
from bot.application.settings import Settings


class RecentAnswers:
    """The last answers by question id, so "Share in channel" can post an ephemeral answer publicly."""

    def __init__(self, max_items: int = 1000):
        self._answers: OrderedDict[int, Answer] = OrderedDict()
        self._max = max_items
        self._lock = threading.Lock()

    def put(self, question_id: int, answer: Answer) -> None:
        with self._lock:
            self._answers[question_id] = answer
            while len(self._answers) > self._max:
                self._answers.popitem(last=False)

    def get(self, question_id: int) -> Answer | None:
        with self._lock:
            return self._answers.get(question_id)


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
    recent: RecentAnswers = field(default_factory=RecentAnswers)

    @property
    def store(self) -> EscalationStore:
        return self.service.store

    @property
    def admin_channel(self) -> str:
        return self.settings.slack.admin_channel

    def collection_for(self, team_id: str | None) -> str:
        """The workspace's collection (slack.workspaces), else the default collection."""
        return self.settings.slack.workspaces.get(team_id or "", "") or self.settings.default_collection
