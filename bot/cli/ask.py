"""`policybot ask [--collection NAME] [--json] [QUESTION]`: one question, or one per stdin line.

Reading stdin, every input line gets exactly one answer record, in order, so a script can pair
them: with `--json` one line each, the answer object or, for a line that cannot be answered, an
error object `{"question", "error", "message"}` (error: empty | no_words | invalid | failed); in
text mode an answer block or a one-line "(no answer) ..." message, each followed by a rule. The exit
code says whether any line failed: 2 when a line held no question (empty, or no words), 1 when
answering failed, 0 when every line was answered.

Questions go through the same `AskService` as Slack and Teams (cleaning, junk check, logging,
escalation). When the question log cannot be opened or written (e.g. PostgreSQL is down), the
answer is still printed and the failure is reported on stderr; the exit code is non-zero only
when nothing was answered.
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.application.errors import error_line
from bot.cli.common import settings_from

EXIT_USAGE = 2
EXIT_FAILED = 1


def register(sub) -> None:
    p = sub.add_parser("ask", help="answer a question from the policies (no QUESTION: one per line on stdin)")
    p.add_argument("question", nargs="*", help="the question (several words are joined)")
    p.add_argument("--collection", help="collection (district) to answer from")
    p.add_argument("--json", action="store_true", help="print one JSON object per answer")
    p.add_argument("--group", help="your staff group (licensed, classified, management, coaches, bus_drivers, ...): "
                                   "where a policy has a version per group, answer from yours")
    p.set_defaults(func=run)


class TerminalReplier:
    """Prints answers on stdout; notices and warnings go to stderr so `--json` output stays pure."""

    def __init__(self, as_json: bool, one_question: bool, *, logged: bool = True):
        self.as_json = as_json
        self.one_question = one_question
        self.logged = logged          # False: the question log is down, which was said once at start

    def answer(self, result) -> None:
        from bot.cli.render import render_text

        if self.as_json:
            print(json.dumps(result.answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(render_text(result.answer), flush=True)
            if result.answer.staff_groups and not result.asker_group.known:
                print("   (name your staff group with --group GROUP for the version that applies to you)", flush=True)
        if result.log_error and self.logged:
            print(f"policybot: warning: this answer was not logged: {result.log_error}", file=sys.stderr)

    def notice(self, text: str) -> None:
        print(f"policybot: {text}", file=sys.stderr)

    def escalated(self, escalation) -> None:
        if not self.as_json:
            print(f"   (escalation #{escalation.id}: `policybot escalations show {escalation.id}` "
                  "shows the admin's answer)")


def _open_store(settings):
    """The question log, or None (reported) when it cannot be opened: answers come first."""
    from bot.application.wiring import open_store

    try:
        return open_store(settings)
    except Exception as exc:
        reason = error_line(exc)
        print(f"policybot: warning: the question log is unavailable, answers will not be logged: {reason}",
              file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    from bot.application.errors import storage_fault
    from bot.application.asking.question import Question
    from bot.application.asking.service import ANSWERED, JUNK, AskService
    from bot.application.engine import Engine
    from bot.application.wiring import cli_asker, engine_with_rulings

    settings = settings_from(args)
    group = None
    if args.group is not None:
        from knowledge.staff_groups.vocabulary import UnknownGroup, vocabulary

        try:
            group = vocabulary().parse(args.group)
        except UnknownGroup as exc:
            print(f"policybot: --group: {exc}", file=sys.stderr)
            return EXIT_USAGE
    one = " ".join(args.question).strip() if args.question else None
    if args.question and not one:
        print("policybot: the question is empty; ask something like: policybot ask \"can I text my team?\"",
              file=sys.stderr)
        return EXIT_USAGE
    # The vector store and the model first: without them nothing can be answered, and a storage fault there
    # (read-only or full data directory) is told in one line by bot.cli.common.run_command.
    engine = Engine(settings)
    engine.retriever(args.collection)
    store = _open_store(settings)
    engine = engine_with_rulings(settings, store, engine)
    service = AskService(settings, engine, store)
    replier = TerminalReplier(args.json, one is not None, logged=store is not None)
    asker = cli_asker()
    from_stdin = one is None
    questions = [one] if not from_stdin else (line.strip() for line in sys.stdin)
    status = 0
    for text in questions:
        if not text:
            no_answer(args.json, text, "empty", "the line is empty; write one question per line")
            status = max(status, EXIT_USAGE)
            continue
        result = service.ask(Question(platform="cli", text=text, asker_id=asker, asker_name=asker,
                                      collection=args.collection, staff_group=group), replier)
        if result.outcome == JUNK:
            status = max(status, EXIT_USAGE)
            if from_stdin:
                no_answer(args.json, text, "no_words", "no question in this line (no words)")
        elif result.outcome != ANSWERED:
            if result.error is not None and storage_fault(result.error):
                raise result.error        # told in one line, with its exit code, by bot.cli.common.run_command
            if isinstance(result.error, ValueError):
                print(f"policybot: {result.error}", file=sys.stderr)
                status = max(status, EXIT_USAGE)
                code = "invalid"
            else:
                status = max(status, EXIT_FAILED)
                code = "failed"
            if from_stdin:
                reason = error_line(result.error, "answering failed") if result.error else "answering failed"
                no_answer(args.json, text, code, reason)
        elif not args.json and from_stdin:
            print("-" * 40)
    return status


def no_answer(as_json: bool, question: str, code: str, message: str) -> None:
    """The one record (stdout) of a stdin line that got no answer, so answers stay paired with lines."""
    if as_json:
        print(json.dumps({"question": question, "error": code, "message": message}, ensure_ascii=False), flush=True)
    else:
        print(f"(no answer) {message}", flush=True)
        print("-" * 40)
