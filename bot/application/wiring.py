"""Builds the long-lived parts every entry point shares: the store, the engine with rulings, the notifiers.

The CLI, the admin UI and the chat bots each run in their own process; they
meet only in the database. Answers given anywhere reach the asker through the
notifiers registered here for the platforms whose credentials are present.
"""
from __future__ import annotations

import getpass
import logging

from bot.application.engine import Engine
from bot.application.errors import error_line
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.store import EscalationStore
from bot.application.settings import Settings

log = logging.getLogger(__name__)


def open_store(settings: Settings) -> EscalationStore:
    settings.data_dir.mkdir(parents=True, exist_ok=True)       # the default SQLite database lives there
    return EscalationStore.open(settings.db_url)


def engine_with_rulings(settings: Settings, store: EscalationStore | None, engine: Engine | None = None) -> Engine:
    """The engine (a new one, or `engine`), showing admin rulings on questions close to ruled ones (none when
    the store is down)."""
    engine = engine or Engine(settings)
    if store is None:
        return engine

    def rulings(collection: str):
        try:
            return [r.to_ruling() for r in store.active_rulings(collection)]
        except Exception as exc:     # a database outage must not cost the asker the policy answer
            log.warning("admin rulings are unavailable: %s", error_line(exc))
            return []

    engine.rulings = rulings
    return engine


def cli_asker() -> str:
    """Who asks from a terminal: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:       # no user name in a bare container: still answer
        return ""


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
