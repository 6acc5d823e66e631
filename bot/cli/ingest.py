"""`policybot ingest`, `sources` and `remove`: what a collection holds."""
from __future__ import annotations

import argparse
import json
import re
import sys

from bot.cli.common import settings_from


def register(sub) -> None:
    p = sub.add_parser("ingest", help="add or update policy documents (.txt .md .html .pdf .docx, files or folders)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--collection", help="collection (district) to load into")
    p.add_argument("--org", help="organisation that issued these documents, shown in citations "
                                 "(default: collections.<name>.organization in app.yaml)")
    p.add_argument("--id", dest="doc_id", help="document id for a single file (default: its path relative to "
                                               "the folder given, e.g. hr/handbook)")
    p.add_argument("--group", action="append", metavar="GROUP",
                   help="the staff group these documents are written for (licensed, classified, management, "
                        "coaches, ...; repeat for several); default: collections.<name>.groups in app.yaml, else "
                        "what each document says in its title, code or scope")
    p.add_argument("--dry-run", action="store_true",
                   help="show how the files would be split (documents, sections, clauses); store nothing")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar (it is shown only on a terminal anyway)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object (per document: changes, "
                                                       "errors, the encoding read and its confidence)")
    p.set_defaults(func=run_ingest)
    p = sub.add_parser("sources", help="list the documents in a collection")
    p.add_argument("--collection")
    p.add_argument("--json", action="store_true", help="one JSON object per document (title, code, organisation, "
                                                       "url, dates, clause count, content hash)")
    p.set_defaults(func=run_sources)
    p = sub.add_parser("remove", help="remove a document (by id, as `sources` shows) from a collection")
    p.add_argument("doc_id")
    p.add_argument("--collection")
    p.set_defaults(func=run_remove)


def _limits(settings):
    from ingest.loaders import Limits

    s = settings.ingest
    return Limits(max_file_mb=s.max_file_mb, max_pdf_pages=s.max_pdf_pages,
                  max_docx_uncompressed_mb=s.max_docx_uncompressed_mb, max_docx_ratio=s.max_docx_ratio,
                  min_encoding_confidence=s.min_encoding_confidence)


def _organization(args: argparse.Namespace, settings, name: str) -> str | None:
    org = settings.organization_for(name) if args.org is None else args.org
    org = " ".join(org.split())
    if len(org) > 120 or any(ord(ch) < 32 for ch in org):
        print("policybot: --org must be one line of at most 120 characters", file=sys.stderr)
        return None
    return org


def run_ingest(args: argparse.Namespace) -> int:
    if args.dry_run:
        return run_dry_run(args)
    from bot.application.engine import Engine
    from ingest.change_recorder import ChangeRecorder
    from ingest.pipeline import ingest_paths
    from ingest.progress import Progress

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    org = _organization(args, engine.settings, name)
    if org is None:
        return 2
    try:
        groups = engine.settings.group_rules(name, forced=args.group or ())
    except ValueError as exc:
        print(f"policybot: --group: {exc}", file=sys.stderr)
        return 2
    try:
        collection = ChangeRecorder(engine.store.collection(name))     # notes which clauses each document swaps
        progress = Progress(sys.stderr, enabled=False if args.quiet else None)
        report = ingest_paths(collection, engine.embedder, args.paths, organization=org, doc_id=args.doc_id,
                              limits=_limits(engine.settings), compose=engine.settings.ingest.compose,
                              progress=progress, groups=groups)
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    after = changes_after_ingest(engine, name, collection.document_changes(report))
    if args.json:
        print(json.dumps({**json_report(name, report), **notices_report(after)}, ensure_ascii=False, indent=1))
        return 1 if report.failed else 0
    if report.reencoded:
        print(f"{name}: {report.reencoded} stored clauses re-encoded for ingest.context_vectors="
              f"{engine.settings.ingest.context_vectors}")
    for d in report.documents:
        if d.ok:
            print(f"  {d.doc_id}: +{d.added} added, -{d.removed} removed, ={d.unchanged} unchanged  ({d.title})"
                  + (f"  [{d.note}]" if d.note else "") + (f"  [was {d.replaced}]" if d.replaced else ""))
        else:
            print(f"  ERROR {d.path}: {d.error}", file=sys.stderr)
    rate = report.embedded / report.seconds if report.seconds and report.embedded else 0
    print(f"{name}: {len(report.documents) - len(report.failed)} document(s) ingested, {len(report.failed)} failed, "
          f"{report.clauses} clauses, {report.embedded} embedded in {report.seconds:.1f}s"
          + (f" ({rate:.0f} clauses/s)" if rate else ""))
    if after is not None and after.outcome.changes:
        print(notices_line(name, after))
    return 1 if report.failed else 0


def changes_after_ingest(engine, name: str, documents):
    """Record what changed and queue (and send) change notices; None, reported on stderr, when that failed."""
    from bot.application.changes.after_ingest import after_ingest
    from bot.application.errors import storage_fault
    from bot.cli.notifiers import platform_notifiers

    try:
        return after_ingest(engine.settings, engine, name, documents,
                            notifiers=lambda: platform_notifiers(engine.settings))
    except Exception as exc:        # the documents are in; only the notices are lost: say so plainly
        fault = storage_fault(exc)
        reason = fault.message() if fault else f"{type(exc).__name__}: {exc}"
        print(f"policybot: {len(documents)} changed document(s) stored, but change notices could not be "
              f"queued: {reason}", file=sys.stderr)
        return None


def notices_line(name: str, after) -> str:
    """`ingest`'s line about change notices (only printed when a stored document's wording changed)."""
    o = after.outcome
    if not after.notices_enabled:
        told = "change notices are off for this collection"
    else:
        told = f"{o.notices_queued} change notice(s) queued, {after.delivery.sent} sent"
        if after.delivery.failed:
            told += f", {after.delivery.failed} failed (retried on the next run)"
    review = f"; {o.rulings_flagged} ruling(s) need review" if o.rulings_flagged else ""
    return f"{name}: {len(o.changes)} document(s) changed wording: {told}{review}"


def notices_report(after) -> dict:
    """`ingest --json`'s fields about change notices."""
    if after is None:
        return {"changed_documents": None, "notices_queued": None, "notices_sent": None, "rulings_to_review": None}
    return {"changed_documents": [c.doc_id for c in after.outcome.changes],
            "notices_queued": after.outcome.notices_queued if after.notices_enabled else 0,
            "notices_sent": after.delivery.sent, "rulings_to_review": after.outcome.rulings_flagged}


def json_report(name: str, report) -> dict:
    """`ingest --json`: every document's outcome, with the encoding its file was read in and how sure that is."""
    documents = [{"path": d.path, "doc_id": d.doc_id, "title": d.title, "added": d.added, "removed": d.removed,
                  "unchanged": d.unchanged, "error": d.error, "note": d.note, "replaced": d.replaced,
                  "encoding": d.encoding, "encoding_confidence": d.encoding_confidence} for d in report.documents]
    return {"collection": name, "documents": documents, "failed": len(report.failed), "clauses": report.clauses,
            "embedded": report.embedded, "reencoded": report.reencoded, "seconds": round(report.seconds, 2)}


def run_dry_run(args: argparse.Namespace) -> int:
    """How the files would be split, from the text alone: no store is opened and no model is loaded."""
    from ingest.plan import plan_paths
    from ingest.staff_groups import mark_groups

    from knowledge.store.names import validate_collection_name   # a name check: opens nothing

    settings = settings_from(args)
    name = args.collection or settings.default_collection
    org = _organization(args, settings, name)
    if org is None:
        return 2
    try:
        validate_collection_name(name)
        groups = settings.group_rules(name, forced=args.group or ())
        plans = plan_paths(args.paths, doc_id=args.doc_id, organization=org, limits=_limits(settings))
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    documents = clauses = failed = 0
    for plan in plans:                      # each file is read and split once, as it comes
        if not plan.ok:
            print(f"ERROR {plan.path}: {plan.error}", file=sys.stderr)
            failed += 1
            continue
        print(f"{plan.path}" + (f"  [{plan.note}]" if plan.note else "")
              + (f"  ({len(plan.documents)} policies)" if len(plan.documents) > 1 else ""))
        for doc in plan.documents:
            documents += 1
            clauses += len(doc.clauses)
            m = doc.meta
            for_groups = mark_groups(doc, groups)
            facts = [f"code {m.policy_code}" if m.policy_code else "", f"org {m.organization}" if m.organization
                     else "", f"adopted {m.adopted}" if m.adopted else "", f"revised {m.revised}" if m.revised
                     else "", f"url {m.url}" if m.url else "",
                     f"for {', '.join(for_groups)}" if for_groups else ""]
            print(_safe(f"  {doc.doc_id}: {m.title}  ({', '.join(f for f in facts if f) or 'no metadata'})"))
            print(f"    {len(doc.clauses)} clauses, {len(doc.headings)} sections, "
                  f"{len(doc.metadata_lines)} metadata lines"
                  + (f", {len(doc.table_heads)} table header rows" if doc.table_heads else "")
                  + (f", {len(doc.links)} links" if doc.links else ""))
            _print_outline(doc)
    print(f"{name} (dry run, nothing stored): {documents} document(s), {clauses} clauses, {failed} file(s) failed")
    return 1 if failed else 0


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """Text from a document, made safe for a terminal (no escape sequences)."""
    return _CONTROL.sub("?", text)


def _print_outline(doc) -> None:
    """Headings and clauses in order; each clause as shown, and as matched when its context adds to it."""
    headings = {}
    for pos, level, text in doc.headings:
        headings.setdefault(pos, []).append((level, text))
    for n, clause in enumerate(doc.clauses):
        for level, text in headings.get(n, []):
            print(_safe(f"    {'#' * max(level, 1)} {text}"))
        print(_safe(f"      [{clause.locator}] {_cut(clause.shown_text(), 90)}"))
        matched = clause.search_text()
        if matched != clause.shown_text():
            print(_safe(f"          matched as: {_cut(matched, 150)}"))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def source_json(s) -> dict:
    """One document (a `knowledge.ports.SourceInfo`) of `sources --json`, a public shape: its metadata with the
    code as `code`, then what the store knows of it."""
    from knowledge.document_meta import DocumentMeta

    meta = DocumentMeta.of(s).as_dict()
    return {"doc_id": s.doc_id, "title": meta.pop("title"), "code": meta.pop("policy_code"),
            "organization": meta.pop("organization"), "url": meta.pop("url"), **meta, "clauses": s.clauses,
            "content_hash": s.content_hash, "version": s.version, "path": s.path, "groups": list(s.groups)}


def run_sources(args: argparse.Namespace) -> int:
    from bot.application.engine import Engine

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    sources = engine.sources(name)
    if args.json:
        print(json.dumps({"collection": name, "documents": [source_json(s) for s in sources]}, ensure_ascii=False,
                         indent=1))
        return 0
    if not sources:
        print(f"{name}: no documents")
        return 0
    print(f"{name}:")
    for s in sources:
        dates = ", ".join(x for x in (f"adopted {s.adopted}" if s.adopted else "", f"revised {s.revised}" if s.revised else "") if x)
        org = f"{s.organization}: " if s.organization else ""
        groups = f"  [for {', '.join(s.groups)}]" if s.groups else ""
        print(f"  {s.doc_id}  v{s.version}  {s.clauses} clauses  {org}{s.title}" + (f"  ({dates})" if dates else "")
              + groups)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from bot.application.engine import Engine

    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    if engine.store.collection(name).remove_document(args.doc_id):
        print(f"{name}: removed {args.doc_id}")
        return 0
    print(f"policybot: {name} has no document {args.doc_id!r} (see `policybot sources`)", file=sys.stderr)
    return 1
