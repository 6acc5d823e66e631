"""`policybot log gaps`: what the policies leave open, as topics of unanswered questions (text or CSV).

Asker names and ids are never printed; each topic counts its askers. The CSV has one row per
topic (bot/application/gaps/export.py).
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from bot.cli.common import settings_from

if TYPE_CHECKING:       # imported when the command runs: `policybot ask` starts without them
    from bot.application.gaps.report import GapReport


def register(subparsers) -> None:
    """Adds `gaps` to the sub-commands of `policybot log`."""
    gaps = subparsers.add_parser("gaps", help="topics of unanswered (not covered or escalated) questions")
    gaps.add_argument("--since", help="first day, YYYY-MM-DD (default: 90 days before --until)")
    gaps.add_argument("--until", help="last day, YYYY-MM-DD (default: today, UTC)")
    gaps.add_argument("--collection", help="one collection (default: all)")
    gaps.add_argument("--csv", action="store_true", help="one CSV row per topic on stdout")
    gaps.set_defaults(func=_gaps)


def _gaps(args: argparse.Namespace) -> int:
    from bot.application.escalations.errors import InvalidInput
    from bot.application.gaps.export import write_gaps_csv
    from bot.application.gaps.period import parse_period
    from bot.application.gaps.service import gap_service
    from bot.application.wiring import open_store

    try:
        period = parse_period(args.since, args.until, args.collection)
    except InvalidInput as exc:
        print(f"policybot log gaps: {exc}", file=sys.stderr)
        return 2
    settings = settings_from(args)
    report = gap_service(settings, open_store(settings)).report(period)
    if args.csv:
        count = write_gaps_csv(report, sys.stdout)
        print(f"{count} topics", file=sys.stderr)
    else:
        print_gaps(report, sys.stdout)
    return 0


def print_gaps(report: GapReport, out: TextIO) -> None:
    from bot.application.gaps.export import one_line as _one_line

    p = report.period
    where = f" in {_one_line(p.collection, 60)}" if p.collection else ""
    out.write(f"Unanswered questions {p.since.isoformat()} to {p.until.isoformat()}{where}: "
              f"{report.unanswered} of {report.asked} asked, {len(report.topics)} topics "
              f"({report.single} asked about once)\n")
    if report.truncated:
        out.write(f"(only the newest {report.unanswered} unanswered questions were grouped)\n")
    for n, t in enumerate(report.topics, 1):
        mark = "  [policy requested]" if t.requested else ""
        out.write(f"\n{n}. {_one_line(t.name, 80)}{mark}\n")
        out.write(f"   {t.questions} questions from {t.askers} askers, {t.escalated} escalated "
                  f"({t.open_escalations} open); {t.first_asked:%Y-%m-%d} to {t.last_asked:%Y-%m-%d}\n")
        out.write("   per week: " + " ".join(str(c) for _, c in t.weekly) + "\n")
        for e in t.examples:
            out.write(f"   - {_one_line(e.question)}\n")
        for r in t.rulings:
            state = "" if r.active else " (retired)"
            out.write(f"   ruling #{r.id}{state}: {_one_line(r.answer)}\n")
    if not report.topics:
        out.write("no topic was asked about by more than one question\n")
