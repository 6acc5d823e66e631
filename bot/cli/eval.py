"""`policybot eval QUESTIONS.yaml [--collection NAME] [--ingest PATH ...] [-v]`: quality and latency figures."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.application.errors import error_line
from bot.cli.common import settings_from


def register(sub) -> None:
    p = sub.add_parser("eval", help="score the answers on a questions file (hit@k, MRR, verdicts, escalation, latency)")
    p.add_argument("questions", nargs="+", help="YAML file(s) in the format of tests/eval/questions.yaml, or of "
                   "knowledge/learning/questions (scored together)")
    p.add_argument("--collection", help="collection to ask (entries may name their own)")
    p.add_argument("--ingest", nargs="*", default=[], help="ingest these files/folders into the collection first "
                   "(unchanged documents are skipped)")
    p.add_argument("--split", default="", help='what the fitted parts saw of this set\'s manual ("trained on" / '
                   '"held out"), printed beside its figures; a file of knowledge/learning/questions names its own')
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="print every question's outcome and the ids of the questions that missed")
    p.set_defaults(func=run)


def load_entries(path: Path) -> list[dict]:
    """The questions of a set file; ValueError with a one-line reason when it is not a usable set.

    A file of written staff questions (knowledge/learning/questions) is read in the same shape."""
    import yaml

    from knowledge.learning.questions import is_staff_question_rows, load_file

    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not valid YAML ({error_line(exc)})") from None
    if not isinstance(entries, list):
        raise ValueError(f"{path} must hold a list of questions")
    if is_staff_question_rows(entries):
        try:
            return [row.as_eval_entry() for row in load_file(path)]
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}: not a valid staff-question file ({exc})") from None
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str) or not entry["q"].strip():
            raise ValueError(f"{path}: entry {n} has no question text (q)")
        if not isinstance(entry.get("clauses") or [], list):
            raise ValueError(f"{path}: entry {n} has clauses that are not a list")
    return entries


def _split_of_file(path: Path) -> str:
    from knowledge.learning.questions import manual_of, split_of

    return split_of(manual_of(path)) if path.suffix == ".yaml" and "--" in path.stem else ""


def run(args: argparse.Namespace) -> int:
    from bot.application.engine import Engine
    from knowledge.learning.evaluation import evaluate, misses
    from ingest.pipeline import ingest_paths

    paths = [Path(q) for q in args.questions]
    absent = [p for p in paths if not p.is_file()]
    if absent:
        print(f"policybot: no such file {absent[0]}", file=sys.stderr)
        return 2
    missing = [p for p in args.ingest if not Path(p).exists()]
    if missing:
        print(f"policybot: no such file or folder {missing[0]}", file=sys.stderr)
        return 2
    try:
        entries = [e for p in paths for e in load_entries(p)]
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    engine = Engine(settings_from(args))
    name = args.collection or engine.settings.default_collection
    try:
        collection = engine.store.collection(name)
    except ValueError as exc:                       # an invalid collection name
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    split = args.split or " / ".join(dict.fromkeys(filter(None, map(_split_of_file, paths))))
    if not args.json:
        print(f"== {' + '.join(map(str, paths))} (collection {name}{', ' + split if split else ''})")
    if args.ingest:
        # Idempotent by content hash: a document whose clauses are unchanged is not re-embedded.
        ingest = ingest_paths(collection, engine.embedder, args.ingest,
                              organization=engine.settings.organization_for(name),
                              compose=engine.settings.ingest.compose)
        engine.invalidate(name)
        for doc in ingest.failed:
            print(f"policybot: {doc.path}: {doc.error}", file=sys.stderr)
        if not args.json:
            unchanged = sum(1 for d in ingest.documents if d.ok and not d.added and not d.removed)
            print(f"ingest: {len(ingest.documents)} documents, {unchanged} unchanged, "
                  f"{ingest.embedded} clauses embedded ({ingest.seconds:.1f} s)")
    report = evaluate(engine, entries, args.collection)
    figures = report.figures()
    if args.verbose:
        for r in report.results:
            marks = "".join(["R" if report.expected[r.id].get("clauses") and r.rank != 1 else "",
                             "V" if r.verdict_ok is False else "", "E" if r.escalate_ok is False else ""])
            print(f"{marks or 'ok':3} {r.id:5} {r.answer.verdict.value:13} esc={str(r.answer.escalate):5} "
                  f"rank={r.rank}  {r.question}")
    if args.json:
        print(json.dumps({**figures, "split": split} if split else figures))
    else:
        print(f"questions            {figures['questions']}")
        for key in ("hit@1", "hit@3", "mrr", "verdict_accuracy", "escalation_recall", "false_escalation_rate"):
            print(f"{key:20} {figures[key]:.3f}")
        print(f"mean citation chars  {figures['mean_citation_chars']:.0f}")
        print(f"latency p50 / p95    {figures['latency_p50_ms']:.1f} ms / {figures['latency_p95_ms']:.1f} ms")
    if args.verbose:
        for kind, ids in misses(report).items():
            print(f"missed {kind:11} ({len(ids)}): {' '.join(ids) or '-'}",
                  file=sys.stderr if args.json else sys.stdout)
    return 0
