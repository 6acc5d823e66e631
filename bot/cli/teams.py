"""`policybot teams` runs the Teams bot server; `policybot teams package` builds the Teams app zip."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.cli.common import log_server_lines, settings_from, stopped_while_starting

EXIT_UNAVAILABLE = 3    # Microsoft rejected the credentials or cannot be reached; the port is taken


def register(subparsers) -> None:
    parser = subparsers.add_parser("teams", help="run the Microsoft Teams bot (POST /api/messages)",
                                   description="Run the Teams bot server, or build the Teams app package.")
    parser.add_argument("--host", help="address to bind (default: teams.host in app.yaml)")
    parser.add_argument("--port", type=int, help="port to bind (default: teams.port in app.yaml)")
    parser.set_defaults(func=serve)
    sub = parser.add_subparsers(dest="teams_command", metavar="SUBCOMMAND")
    package = sub.add_parser("package", help="build the Teams app package (manifest + icons) as a zip")
    package.add_argument("--output", default="policybot-teams.zip", help="zip to write (default: %(default)s)")
    package.add_argument("--developer", default="PolicyBot", help="developer name shown in Teams")
    package.add_argument("--website", default="https://example.org/policybot",
                         help="https URL for the developer, privacy and terms links")
    package.set_defaults(func=build)


def serve(args: argparse.Namespace) -> int:
    from bot.teams.connection import CredentialsError, PlatformUnavailable, check_credentials
    from bot.teams.server import UnsafeBinding, preflight, run

    log_server_lines()
    settings = settings_from(args)
    try:
        credentials = preflight(settings, args.host)   # before loading the model: fail fast on missing credentials
    except (UnsafeBinding, CredentialsError, ValueError) as error:
        print(f"policybot teams: {error}", file=sys.stderr)
        return 2
    from bot.application.stopping import StoppedWhileStarting, leave, while_starting

    def start():
        check_credentials(credentials)                 # a wrong password or no route: one line, not a traceback
        from bot.application.health import Health
        from bot.application.wiring import engine_with_rulings, open_store   # loads the model: only once it may start

        store = open_store(settings)
        engine = engine_with_rulings(settings, store)
        logging.getLogger(__name__).info("loading the model and the default collection")
        engine.warm_up()          # before serving: the first question must not pay for it
        return engine, store, Health(engine=engine, store=store)

    try:
        engine, store, health = while_starting(start)
        run(settings, service=engine, store=store, host=args.host, port=args.port, credentials=credentials,
            health=health)
    except StoppedWhileStarting as stop:
        return stopped_while_starting(stop)
    except PlatformUnavailable as error:
        print(f"policybot teams: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except OSError as error:                           # the port is taken, or the address cannot be bound
        print(f"policybot teams: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return leave(0)


def build(args: argparse.Namespace) -> int:
    from bot.teams.package import PackageError, build_package

    try:
        path = build_package(settings_from(args), Path(args.output), developer=args.developer, website=args.website)
    except PackageError as error:
        print(f"policybot teams package: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it in Teams (Apps › Manage your apps › Upload an app)")
    return 0
