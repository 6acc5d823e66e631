"""Builds the long-lived parts every entry point shares: the store, the engine with rulings, the notifiers.

The CLI, the admin UI and the chat bots each run in their own process; they
meet only in the database. Which chat platforms can be reached from a process
is the entry points' business (bot/cli/notifiers.py): this layer imports no adapter.
"""
from __future__ import annotations

import getpass
import logging

from bot.application.engine import Engine
from bot.application.errors import error_line
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
