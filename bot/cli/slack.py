"""`policybot slack`: run the Slack bot (Socket Mode by default, or HTTP with `--mode http`)."""
from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace

from bot.cli.common import log_server_lines, settings_from, stopped_while_starting

EXIT_UNAVAILABLE = 3    # Slack rejected the token or cannot be reached


def register(subparsers) -> None:
    p = subparsers.add_parser("slack", help="run the Slack bot",
                              description="Run PolicyBot in Slack. Needs SLACK_BOT_TOKEN, and SLACK_APP_TOKEN "
                                          "(socket mode) or SLACK_SIGNING_SECRET (http mode) in the environment.")
    p.add_argument("--mode", choices=["socket", "http"], help="override slack.mode from app.yaml")
    p.add_argument("--port", type=int, help="override slack.port (http mode)")
    p.add_argument("--host", default="0.0.0.0", help="interface to listen on in http mode (default 0.0.0.0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `policybot --help` does not load slack-bolt, SQLAlchemy or the model.
    from bot.application.escalations.notify import NotifierRegistry
    from bot.application.escalations.service import EscalationService
    from bot.slack.app import SlackConfigError, SlackUnavailable, bot_client, build_app, check_token
    from bot.slack.notifier import SlackNotifier
    from bot.slack.run import serve
    from bot.application.stopping import StoppedWhileStarting, leave, while_starting
    from slack_sdk.errors import SlackApiError, SlackClientError

    log_server_lines()
    settings = settings_from(args)
    overrides = {k: v for k, v in (("mode", args.mode), ("port", args.port)) if v is not None}
    if overrides:
        settings = replace(settings, slack=replace(settings.slack, **overrides))

    def start():
        client = bot_client(settings)
        check_token(client)      # before loading the model: a bad token or no route fails in a second

        from bot.application.changes.poller import NoticePoller
        from bot.application.changes.store import ChangeStore
        from bot.application.health import Health
        from bot.application.wiring import engine_with_rulings, open_store

        store = open_store(settings)
        service = EscalationService(store, NotifierRegistry({"slack": SlackNotifier(client)}))
        engine = engine_with_rulings(settings, store)
        app = build_app(settings, engine, service, client=client)
        logging.getLogger(__name__).info("loading the model and the default collection")
        engine.warm_up()          # before serving: the first question must not pay for it
        notices = NoticePoller(ChangeStore(store.engine), service.notifiers, every=settings.inbox.poll_seconds)
        return app, notices, Health(engine=engine, store=store)

    try:
        app, notices, health = while_starting(start)
        notices.start()           # change notices an ingest queued but could not send
        try:
            serve(app, settings, host=args.host, health=health)
        finally:
            notices.stop()
    except StoppedWhileStarting as stop:
        return stopped_while_starting(stop)
    except SlackConfigError as err:
        print(f"policybot slack: {err}", file=sys.stderr)
        return 2
    except SlackUnavailable as err:
        print(f"policybot slack: {err}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except SlackApiError as err:     # Socket Mode: apps.connections.open refused the app-level token
        print(f"policybot slack: Slack refused the connection ({err.response.get('error')}); "
              "check SLACK_APP_TOKEN (xapp-..., scope connections:write)", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except SlackClientError as err:  # Socket Mode: the Web API went away between auth.test and the first connection
        print(f"policybot slack: cannot open a Socket Mode connection ({err})", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except OSError as err:           # the port is taken, or the network went away while starting
        print(f"policybot slack: {err.strerror or err}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return leave(0)
