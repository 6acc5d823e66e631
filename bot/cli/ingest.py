"""`policybot ingest`, `sources` and `remove`: what a collection holds."""
from __future__ import annotations

import argparse
import sys

from bot.cli.common import settings_from


def register(sub) -> None:
    p = sub.add_parser("ingest", help="add or update policy documents (.txt .md .html .pdf .docx, files or folders)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--collection", help="collection (district) to load into")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar (it is shown only on a terminal anyway)")
    p.set_defaults(func=run_ingest)
    p = sub.add_parser("sources", help="list the documents in a collection")
    p.add_argument("--collection")
    p.set_defaults(func=run_sources)
    p = sub.add_parser("remove", help="remove a document (by id, as `sources` shows) from a collection")
    p.add_argument("doc_id")
    p.add_argument("--collection")
    p.set_defaults(func=run_remove)


def run_ingest(args: argparse.Namespace) -> int:
    from bot.engine import Engine
    from ingest.pipeline import ingest_paths
    from ingest.progress import Progress

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    try:
        collection = engine.store.collection(name)
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    progress = Progress(sys.stderr, enabled=False if args.quiet else None)
    report = ingest_paths(collection, engine.embedder, args.paths, compose=engine.settings.ingest.compose,
                          progress=progress)
    if report.reencoded:
        print(f"{name}: {report.reencoded} stored clauses re-encoded for ingest.context_vectors="
              f"{engine.settings.ingest.context_vectors}")
    for d in report.documents:
        if d.ok:
            print(f"  {d.doc_id}: +{d.added} added, -{d.removed} removed, ={d.unchanged} unchanged  ({d.title})")
        else:
            print(f"  ERROR {d.path}: {d.error}", file=sys.stderr)
    rate = report.embedded / report.seconds if report.seconds and report.embedded else 0
    print(f"{name}: {len(report.documents) - len(report.failed)} document(s) ingested, {len(report.failed)} failed, "
          f"{report.clauses} clauses, {report.embedded} embedded in {report.seconds:.1f}s"
          + (f" ({rate:.0f} clauses/s)" if rate else ""))
    return 1 if report.failed else 0


def run_sources(args: argparse.Namespace) -> int:
    from bot.engine import Engine

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    sources = engine.sources(name)
    if not sources:
        print(f"{name}: no documents")
        return 0
    print(f"{name}:")
    for s in sources:
        dates = ", ".join(x for x in (f"adopted {s.adopted}" if s.adopted else "", f"revised {s.revised}" if s.revised else "") if x)
        print(f"  {s.doc_id}  v{s.version}  {s.clauses} clauses  {s.title}" + (f"  ({dates})" if dates else ""))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from bot.engine import Engine

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    if engine.store.collection(name).remove_document(args.doc_id):
        print(f"{name}: removed {args.doc_id}")
        return 0
    print(f"policybot: {name} has no document {args.doc_id!r} (see `policybot sources`)", file=sys.stderr)
    return 1
