"""`policybot ask [--collection NAME] [--json] [QUESTION]`: one question, or one per stdin line."""
from __future__ import annotations

import argparse
import json
import sys
import time

from bot.cli.common import settings_from

EXIT_USAGE = 2


def register(sub) -> None:
    p = sub.add_parser("ask", help="answer a question from the policies (no QUESTION: one per line on stdin)")
    p.add_argument("question", nargs="*", help="the question (several words are joined)")
    p.add_argument("--collection", help="collection (district) to answer from")
    p.add_argument("--json", action="store_true", help="print one JSON object per answer")
    p.set_defaults(func=run)


def _emit(answer, as_json: bool) -> None:
    from bot.render import render_text

    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
    else:
        print(render_text(answer), flush=True)


def run(args: argparse.Namespace) -> int:
    from bot.wiring import engine_with_rulings, open_store, record_cli_question

    settings = settings_from(args)
    one = " ".join(args.question).strip() if args.question else None
    if args.question and not one:
        print("policybot: the question is empty; ask something like: policybot ask \"can I text my team?\"",
              file=sys.stderr)
        return EXIT_USAGE
    store = open_store(settings)
    engine = engine_with_rulings(settings, store)
    questions = [one] if one is not None else (line.strip() for line in sys.stdin)
    status = 0
    for question in questions:
        if not question:
            continue
        start = time.perf_counter()
        try:
            answer = engine.ask(question, collection=args.collection)
        except ValueError as exc:
            print(f"policybot: {exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        escalation_id = record_cli_question(store, answer, (time.perf_counter() - start) * 1000)
        _emit(answer, args.json)
        if escalation_id and not args.json:
            print(f"   (escalation #{escalation_id}: `policybot escalations show {escalation_id}` shows the admin's answer)")
        if not args.json and one is None:
            print("-" * 40)
    return status
