"""`policybot log changes`: policy changes found by re-ingests and the notices sent (or waiting) for each."""
from __future__ import annotations

import argparse
import json
import re

from bot.cli.common import settings_from

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def register(log_actions) -> None:
    p = log_actions.add_parser("changes", help="list policy changes and the change notices sent to askers")
    p.add_argument("--collection", help="only this collection")
    p.add_argument("--send", action="store_true", help="first send the notices still waiting (e.g. after a chat "
                                                       "outage), through the platforms whose credentials are set")
    p.add_argument("--json", action="store_true", help="one JSON object (changes, each with its notices)")
    p.add_argument("--limit", type=int, default=50, help="most recent changes listed (default 50)")
    p.set_defaults(func=run)


def _safe(text: str) -> str:
    return _CONTROL.sub("?", text)


def run(args: argparse.Namespace) -> int:
    from bot.application.changes.delivery import deliver_notices
    from bot.application.changes.store import ChangeStore
    from bot.application.wiring import open_store
    from bot.cli.notifiers import platform_notifiers

    if not 1 <= args.limit <= 10_000:
        print("error: --limit must be between 1 and 10000")
        return 2
    settings = settings_from(args)
    store = open_store(settings)
    changes = ChangeStore(store.engine)
    sent = deliver_notices(changes, platform_notifiers(settings)) if args.send else None
    listed = changes.list_changes(collection=args.collection, limit=args.limit)
    if args.json:
        out = {"changes": [{
            "id": c.id, "collection": c.collection, "doc_id": c.doc_id, "title": c.title,
            "detected_at": c.detected_at.isoformat(), "clauses": [x.to_dict() for x in c.changes],
            "notices": [{"id": n.id, "platform": n.platform, "asker_id": n.asker_id, "asker_name": n.asker_name,
                         "status": n.status, "attempts": n.attempts, "questions": [i.question for i in n.items],
                         "sent_at": n.sent_at.isoformat() if n.sent_at else None, "last_error": n.last_error}
                        for n in changes.list_notices(change_id=c.id)]} for c in listed]}
        if sent is not None:
            out["sent_now"] = sent.sent
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if sent is not None:
        print(f"sent {sent.sent} waiting notice(s)" + (f", {sent.failed} failed again" if sent.failed else ""))
    if not listed:
        print("no policy changes recorded yet (re-ingest a revised document to see one)")
        return 0
    for c in listed:
        counts = ", ".join(f"{n} {kind}" for kind, n in (("changed", c.count("changed")),
                                                          ("removed", c.count("removed")),
                                                          ("added", c.count("added"))) if n)
        print(_safe(f"#{c.id} {c.detected_at:%Y-%m-%d %H:%M} {c.collection}/{c.doc_id}: {c.title}  ({counts})"))
        notices = changes.list_notices(change_id=c.id)
        if not notices:
            print("    no notices (nobody was answered from the changed clauses, or notices are off)")
        for n in notices:
            when = f" {n.sent_at:%Y-%m-%d %H:%M}" if n.sent_at else ""
            error = f"  ({n.last_error[:120]})" if n.last_error and n.status != "sent" else ""
            print(_safe(f"    notice #{n.id} {n.status}{when}  {n.platform} {n.asker_name or n.asker_id}: "
                        f"{len(n.items)} question(s){error}"))
    return 0
