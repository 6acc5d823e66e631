"""`policybot eval-contractnli [DEV.json] [--split test] [--limit N]`: evidence hit@k and not-mentioned accuracy.

Each NDA goes into its own collection in a separate data dir (`<data dir>/eval-contractnli`),
so the user's collections are never touched; the encoder's files are shared with the main data dir.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import settings_from

DEFAULT_DEV = "../shared/contractnli/dev.json"


def register(sub) -> None:
    p = sub.add_parser("eval-contractnli", help="score evidence retrieval and 'not covered' on ContractNLI NDAs")
    p.add_argument("dev", nargs="?", default=DEFAULT_DEV, help=f"ContractNLI json (default {DEFAULT_DEV})")
    p.add_argument("--split", choices=("train", "test", "all"), default="test",
                   help="train = NDAs at even positions, test = odd (default), all")
    p.add_argument("--limit", type=_positive, help="only the first N NDAs of the split")
    p.add_argument("--candidates", metavar="FILE.jsonl",
                   help="also write the retrieved candidates, their scores and the gold label per hypothesis")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="print every hypothesis's outcome and the misses")
    p.set_defaults(func=run)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def run(args: argparse.Namespace) -> int:
    from bot.application.engine import Engine
    from knowledge.learning.evaluation_contractnli import (evaluate_contractnli, ingest_ndas, load_dev, retrieval_candidates,
                                            split_docs)
    from knowledge.embedder import default_embedder

    try:
        docs, hypotheses = load_dev(args.dev)
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    docs = split_docs(docs, args.split, args.limit)
    settings = settings_from(args)
    work = settings.data_dir / "eval-contractnli"
    engine = Engine(settings.with_data_dir(work), embedder=default_embedder(settings.data_dir.resolve() / "models"))
    try:
        n_docs, embedded = ingest_ndas(engine, docs, work / "texts")
    except ValueError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 1
    if not args.json:
        print(f"== ContractNLI {Path(args.dev).name}, {args.split} split ({n_docs} NDAs, data in {work})")
        print(f"ingest: {embedded} clauses embedded")
    report = evaluate_contractnli(engine, docs, hypotheses)
    figures = report.figures()
    if args.candidates:
        rows = retrieval_candidates(engine, docs, hypotheses)
        with open(args.candidates, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row) + "\n")
        print(f"wrote {len(rows)} hypotheses' candidates to {args.candidates}", file=sys.stderr)
    out = sys.stderr if args.json else sys.stdout
    if args.verbose:
        for r in report.results:
            mark = "".join(["R" if r.has_evidence and r.rank != 1 else "", "N" if not r.not_mentioned_ok else ""])
            print(f"{mark or 'ok':3} nda-{r.doc_id:4} {r.key:6} {r.label:13} {r.verdict:13} rank={r.rank}  "
                  f"{r.question}", file=out)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"hypotheses           {figures['hypotheses']} ({figures['with_evidence']} with evidence)")
        for key in ("evidence_hit@1", "evidence_hit@3", "not_mentioned_accuracy", "not_mentioned_recall",
                    "mentioned_answered"):
            print(f"{key:22} {figures[key]:.3f}")
        print(f"mean citation chars    {figures['mean_citation_chars']:.0f}")
        print(f"unlocated citations    {figures['unlocated_citations']}")
        print(f"latency p50 / p95      {figures['latency_p50_ms']:.1f} ms / {figures['latency_p95_ms']:.1f} ms")
    if args.verbose:
        missed_hit = [f"nda-{r.doc_id}/{r.key}" for r in report.results if r.has_evidence and r.rank != 1]
        missed_nm = [f"nda-{r.doc_id}/{r.key}" for r in report.results if not r.not_mentioned_ok]
        print(f"missed hit@1        ({len(missed_hit)}): {' '.join(missed_hit) or '-'}", file=out)
        print(f"missed not-mentioned ({len(missed_nm)}): {' '.join(missed_nm) or '-'}", file=out)
    return 0
