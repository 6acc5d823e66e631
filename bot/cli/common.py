"""What every sub-command shares: loading the settings, running the command with faults as one line, CSV output.

`run_command` is the one place where a bad setting (`SettingsError`, exit 2) or a command's
storage fault (read-only data directory, full disk, unreadable database, unreachable
PostgreSQL...) becomes a one-line message and an exit code (bot/application/errors.py),
instead of a traceback. Every entry point (ask, ingest, slack, teams, admin...) runs through it.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from typing import Callable, NoReturn, TextIO

from bot.application.settings import Settings, SettingsError, load_settings

EXIT_BAD_SETTINGS = 2


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(path=getattr(args, "config", None), data_dir=getattr(args, "data_dir", None))


def log_server_lines() -> None:
    """A bot server's log (`policybot slack`, `policybot teams`): a line a record, with time, level and logger."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def stopped_while_starting(stop) -> NoReturn:
    """A stop signal came before the server was serving (`StoppedWhileStarting`): nothing to finish, so one
    line and exit 0 at once (the start's helper thread may still be inside a native call)."""
    from bot.application.stopping import leave_now

    logging.getLogger(__name__).info("PolicyBot stopped (%s) while starting; nothing was in flight", stop.name)
    leave_now(0)


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from bot.application.errors import storage_fault

    command = getattr(args, "command", None)
    prefix = f"policybot {command}" if command else "policybot"
    try:
        return int(func(args) or 0)
    except SettingsError as exc:
        print(f"{prefix}: bad setting: {exc}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        print(f"{prefix}: {fault.message(_where(args))}", file=sys.stderr)
        return fault.exit_code


def _where(args: argparse.Namespace) -> str:
    from bot.application.errors import safe_url

    try:
        settings = settings_from(args)
    except Exception:                     # the settings themselves may be what cannot be read
        return ""
    return f"data directory {settings.data_dir.resolve()}, database {safe_url(settings.db_url)}"


def export_csv(write: Callable[[TextIO], int], output: str | None, noun: str) -> int:
    """Run a CSV writer into `output` (a path) or stdout; the count goes to stderr so stdout stays pure CSV.

    A file is written beside its target and renamed into place only when complete, so a
    failure (disk full...) never leaves a truncated export under the name asked for.
    """
    if output:
        folder = os.path.dirname(os.path.abspath(output))
        fd, partial = tempfile.mkstemp(prefix=".policybot-export-", suffix=".csv", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, output)
        except BaseException:
            os.unlink(partial)
            raise
        print(f"wrote {count} {noun} to {output}", file=sys.stderr)
    else:
        write(sys.stdout)
    return 0
