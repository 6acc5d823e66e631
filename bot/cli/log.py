"""`policybot log export --csv`, `log purge`, `log gaps` (bot/cli/gaps.py) and `log changes` (bot/cli/changes.py): the question log from a terminal."""
from __future__ import annotations

import argparse
import sys

from bot.cli import gaps
from bot.cli.common import export_csv, settings_from
from bot.application.wiring import open_store
from bot.application.escalations.export import write_questions_csv

MAX_DAYS = 36_500       # a century: beyond it a date cannot even be computed


def register(subparsers) -> None:
    parser = subparsers.add_parser("log", help="export, purge or review the gaps of the question log")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = sub.add_parser("export", help="export every logged question")
    exp.add_argument("--csv", action="store_true", required=True, help="CSV (the only format)")
    exp.add_argument("--output", "-o", help="file to write (default: stdout)")
    exp.set_defaults(func=_export)
    purge = sub.add_parser("purge", help="blank question text older than N days (rows and counts stay)")
    purge.add_argument("--older-than-days", type=int,
                       help="default: admin.retention_days from app.yaml (0 there means keep forever)")
    purge.set_defaults(func=_purge)
    gaps.register(sub)
    from bot.cli import changes

    changes.register(sub)


def _export(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    return export_csv(lambda out: write_questions_csv(store, out), args.output, "questions")


def _purge(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    days = args.older_than_days if args.older_than_days is not None else settings.admin.retention_days
    if days is None or (args.older_than_days is None and days <= 0):
        print("retention is off (admin.retention_days: 0); pass --older-than-days N", file=sys.stderr)
        return 2
    if not 0 <= days <= MAX_DAYS:
        print(f"error: --older-than-days must be between 0 and {MAX_DAYS}", file=sys.stderr)
        return 2
    count = open_store(settings).purge_question_text(days)
    print(f"blanked the text of {count} questions older than {days} days")
    return 0
