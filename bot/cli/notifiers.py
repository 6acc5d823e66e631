"""Which chat platforms this process can reach: a notifier for each one whose credentials are present.

The entry points compose the adapters; the application layer only knows the `Notifier` port
(bot/application/escalations/notify.py), so this lives with the CLI, which starts every process.
"""
from __future__ import annotations

import logging

from bot.application.escalations.notify import NotifierRegistry
from bot.application.settings import Settings

log = logging.getLogger(__name__)


def platform_notifiers(settings: Settings) -> NotifierRegistry:
    """Notifiers for every chat platform whose credentials are in the environment."""
    registry = NotifierRegistry()
    if settings.secret("SLACK_BOT_TOKEN"):
        from bot.slack.app import bot_client
        from bot.slack.notifier import SlackNotifier

        registry.register("slack", SlackNotifier(bot_client(settings)))
    if settings.secret("MicrosoftAppId"):
        try:
            from bot.teams.server import teams_notifier

            registry.register("teams", teams_notifier(settings))
        except Exception as exc:     # bad credentials must not stop the admin UI or the CLI
            log.warning("Teams answers cannot be delivered: %s", exc)
    return registry
