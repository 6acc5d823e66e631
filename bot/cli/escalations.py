"""`policybot escalations list|show|answer|resolve|dismiss|export`: the queue from a terminal.

Answers go through EscalationService like the admin UI's, so they are stored
first and then delivered by whichever notifiers `open_service` registers.
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import export_csv, settings_from
from bot.application.escalations.errors import PolicyBotStoreError
from bot.application.escalations.export import write_escalations_csv
from bot.application.escalations.notify import NotifierRegistry
from bot.application.escalations.service import EscalationService
from bot.application.settings import Settings


def open_service(settings: Settings, notifiers: NotifierRegistry | None = None) -> EscalationService:
    """The store at settings.db_url plus a notifier registry (empty: answers stay stored, shown in the UI)."""
    from bot.application.wiring import open_store, platform_notifiers

    return EscalationService(open_store(settings), notifiers if notifiers is not None else platform_notifiers(settings))


def register(subparsers) -> None:
    parser = subparsers.add_parser("escalations", help="list, answer, resolve or export escalated questions")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="the queue, open ones first (oldest first)")
    ls.add_argument("--status", choices=["open", "answered", "resolved", "dismissed"])
    ls.add_argument("--platform")
    ls.add_argument("--collection")
    ls.add_argument("--search", help="text to look for in question, answer or asker")
    ls.add_argument("--limit", type=int, default=200)
    ls.add_argument("--json", action="store_true", help="one JSON object per line")
    ls.set_defaults(func=_list)
    show = sub.add_parser("show", help="one escalation in full")
    show.add_argument("id", type=int)
    show.set_defaults(func=_show)
    ans = sub.add_parser("answer", help="answer an open escalation (notifies the asker)")
    ans.add_argument("id", type=int)
    ans.add_argument("text")
    ans.add_argument("--ruling", action="store_true", help="also save the answer as a reusable admin ruling")
    ans.add_argument("--by", default="cli", help="name recorded as the answering admin")
    ans.set_defaults(func=_answer)
    for name, helptext in (("resolve", "mark as resolved"), ("dismiss", "dismiss without an answer")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("id", type=int)
        p.add_argument("--by", default="cli")
        p.set_defaults(func=_close, close=name)
    exp = sub.add_parser("export", help="export the queue")
    exp.add_argument("--csv", action="store_true", required=True, help="CSV (the only format)")
    exp.add_argument("--output", "-o", help="file to write (default: stdout)")
    exp.set_defaults(func=_export)


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


def _list(args: argparse.Namespace) -> int:
    store = open_service(settings_from(args)).store
    try:
        items = store.list_escalations(status=args.status, platform=args.platform,
                                       collection=args.collection, search=args.search, limit=args.limit)
    except PolicyBotStoreError as exc:
        return _fail(exc)
    for e in items:
        if args.json:
            print(json.dumps(_as_json(e), ensure_ascii=False))
        else:
            question = e.question.replace("\n", " ")
            print(f"#{e.id:<5} {e.status:<9} {e.created_at:%Y-%m-%d %H:%M} {e.platform:<6} "
                  f"{e.collection:<12} {question[:70]}")
    if not items and not args.json:
        print("no escalations")
    return 0


def _as_json(e) -> dict:
    return {"id": e.id, "status": e.status, "created_at": e.created_at.isoformat(), "platform": e.platform,
            "collection": e.collection, "asker": e.asker_name or e.asker_id, "question": e.question,
            "reason": e.reason, "answer": e.answer, "answered_by": e.answered_by, "version": e.version}


def _show(args: argparse.Namespace) -> int:
    store = open_service(settings_from(args)).store
    try:
        e = store.get(args.id)
    except PolicyBotStoreError as exc:
        return _fail(exc)
    print(f"Escalation #{e.id} [{e.status}] {e.platform} {e.collection}  {e.created_at:%Y-%m-%d %H:%M} UTC")
    print(f"Asked by: {e.asker_name or e.asker_id or '(unknown)'}")
    print(f"Question: {e.question or '(purged by retention policy)'}")
    print(f"Why escalated: {e.reason}")
    print(f"Bot said ({e.bot_answer.get('verdict', '?')}): {e.bot_answer.get('summary', '')}")
    for c in e.bot_answer.get("citations", []):
        print(f"  - {c.get('path', '')}: {c.get('text', '')}")
    if e.permalink:
        print(f"Permalink: {e.permalink}")
    if e.answer:
        ruling = f" (saved as ruling #{e.ruling_id})" if e.ruling_id else ""
        print(f"Answer by {e.answered_by}{ruling}: {e.answer}")
    if e.resolved_by:
        print(f"{e.status.capitalize()} by {e.resolved_by}")
    return 0


def _answer(args: argparse.Namespace) -> int:
    service = open_service(settings_from(args))
    try:
        e, delivered = service.answer_and_deliver(args.id, by=args.by, text=args.text, save_as_ruling=args.ruling)
    except PolicyBotStoreError as exc:
        return _fail(exc)
    note = "delivered to the asker" if delivered else "stored (not delivered from the CLI; the asker sees it on request)"
    print(f"Escalation #{e.id} answered by {e.answered_by}: {note}")
    if e.ruling_id:
        print(f"Saved as ruling #{e.ruling_id}")
    return 0


def _close(args: argparse.Namespace) -> int:
    service = open_service(settings_from(args))
    action = service.resolve if args.close == "resolve" else service.dismiss
    try:
        e = action(args.id, by=args.by)
    except PolicyBotStoreError as exc:
        return _fail(exc)
    print(f"Escalation #{e.id} {e.status}")
    return 0


def _export(args: argparse.Namespace) -> int:
    store = open_service(settings_from(args), NotifierRegistry()).store
    return export_csv(lambda out: write_escalations_csv(store, out), args.output, "escalations")
