"""`policybot eval QUESTIONS.yaml [--collection NAME] [--ingest PATH ...]`: quality and latency figures."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import settings_from


def register(sub) -> None:
    p = sub.add_parser("eval", help="score the answers on a questions file (hit@k, MRR, verdicts, escalation, latency)")
    p.add_argument("questions", help="YAML file in the format of tests/eval/questions.yaml")
    p.add_argument("--collection", help="collection to ask (entries may name their own)")
    p.add_argument("--ingest", nargs="*", default=[], help="ingest these files/folders into the collection first")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="print every question's outcome")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from bot.engine import Engine
    from bot.evaluation import evaluate
    from ingest.pipeline import ingest_paths

    path = Path(args.questions)
    if not path.is_file():
        print(f"policybot: no such file {path}", file=sys.stderr)
        return 2
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    engine = Engine(settings_from(args))
    if args.ingest:
        name = args.collection or engine.settings.default_collection
        ingest_paths(engine.store.collection(name), engine.embedder, args.ingest,
                     compose=engine.settings.ingest.compose)
        engine.invalidate(name)
    report = evaluate(engine, entries, args.collection)
    figures = report.figures()
    if args.verbose:
        for r in report.results:
            marks = "".join(["R" if report.expected[r.id].get("clauses") and r.rank != 1 else "",
                             "V" if r.verdict_ok is False else "", "E" if r.escalate_ok is False else ""])
            print(f"{marks or 'ok':3} {r.id:5} {r.answer.verdict.value:13} esc={str(r.answer.escalate):5} "
                  f"rank={r.rank}  {r.question}")
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"questions            {figures['questions']}")
        for key in ("hit@1", "hit@3", "mrr", "verdict_accuracy", "escalation_recall", "false_escalation_rate"):
            print(f"{key:20} {figures[key]:.3f}")
        print(f"mean citation chars  {figures['mean_citation_chars']:.0f}")
        print(f"latency p50 / p95    {figures['latency_p50_ms']:.1f} ms / {figures['latency_p95_ms']:.1f} ms")
    return 0
