"""`policybot eval-groups FILE.yaml [--collection C] [--ingest PATH...] [-v]`: the right staff group's version first?"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import settings_from


def register(sub) -> None:
    p = sub.add_parser("eval-groups", help="how often the asker's staff group's version is cited first, with the "
                                           "group given and without it (tests/eval/conway_groups.yaml)")
    p.add_argument("questions", help="YAML list of {id, q, expect: {group: doc id}}")
    p.add_argument("--collection", default="conway", help="collection to ask (default: conway)")
    p.add_argument("--ingest", nargs="*", default=[], help="ingest these files/folders into the collection first")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list the pairs whose group's version was not first")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from bot.application.engine import Engine
    from ingest.pipeline import ingest_paths
    from knowledge.learning.evaluation_groups import evaluate, parse_set

    try:
        questions = parse_set(yaml.safe_load(Path(args.questions).read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        print(f"policybot: {args.questions}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    engine = Engine(settings_from(args))
    if args.ingest:
        ingest_paths(engine.store.collection(args.collection), engine.embedder, args.ingest,
                     compose=engine.settings.ingest.compose, groups=engine.settings.group_rules(args.collection))
    figures = evaluate(questions, lambda q, group: engine.ask(q, collection=args.collection, group=group))
    if args.json:
        print(json.dumps({"questions": figures.questions, "pairs": figures.pairs,
                          "right_with_group": figures.right_with_group,
                          "right_without_group": figures.right_without_group,
                          "wrong_with_group": figures.wrong_with_group,
                          "wrong_without_group": figures.wrong_without_group, "would_ask": figures.would_ask,
                          "misses": figures.misses}, indent=1))
        return 0
    print("\n".join(figures.lines()))
    if args.verbose:
        for miss in figures.misses:
            print(f"  miss {miss}")
    return 0
