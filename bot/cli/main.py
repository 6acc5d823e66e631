"""Entry point of the `policybot` command: builds the parser from the sub-command modules."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each module exposes register(subparsers); its parser sets `func(args) -> int`.
COMMAND_MODULES = [
    "bot.cli.ask",
    "bot.cli.ingest",
    "bot.cli.eval",
    "bot.cli.eval_contractnli",
    "bot.cli.eval_groups",
    "bot.cli.train",
    "bot.cli.train_encoder",
    "bot.cli.escalations",
    "bot.cli.log",
    "bot.cli.admin",
    "bot.cli.slack",
    "bot.cli.teams",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policybot", description="Answers staff questions from district policies.")
    parser.add_argument("--config", help="path of app.yaml (default: ./app.yaml, or $POLICYBOT_CONFIG)")
    parser.add_argument("--data-dir", help="data directory (default: ./data, or $POLICYBOT_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from bot.cli.common import run_command

    try:
        return run_command(args.func, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:            # `policybot ask --json < questions | head`: the reader left
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
