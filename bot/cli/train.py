"""`policybot train`: fit the ranking weights and the coverage model (see knowledge/learning/fit.py).

Data: the written staff questions of the TRAINING manuals (`knowledge.learning.questions.TRAIN_MANUALS`, each
manual ingested whole into a collection of its own, with the encoder PolicyBot ships) and the train half of
ContractNLI dev (`../shared/contractnli/dev.json`). It never reads the held-out manual's questions nor the
sets under tests/eval, which are what PolicyBot is judged on. Writes `knowledge/trained/ranker.json` and
`coverage.json` (or `--out`).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

from bot.cli.common import settings_from
from bot.cli.manuals import ROOT, SHARED, collection_for, manual_folder


def register(sub) -> None:
    p = sub.add_parser("train", help="fit the ranking weights and the coverage model on the training manuals' questions")
    p.add_argument("--contractnli", default=str(SHARED / "contractnli/dev.json"), help="ContractNLI dev.json ('' to skip)")
    p.add_argument("--limit", type=int, help="use at most this many ContractNLI documents")
    p.add_argument("--samples", help="cache of the collected features: read it if present, else write it")
    p.add_argument("--out", default=str(ROOT / "knowledge/trained"), help="where to write ranker.json and coverage.json")
    p.add_argument("--no-verdicts", dest="verdicts", action="store_false", help="skip fitting the learned verdict head")
    p.set_defaults(func=run)


def _collect(args, engine) -> list:
    from bot.cli.train_samples import contractnli_samples, staff_question_samples
    from ingest.pipeline import ingest_paths
    from knowledge.learning.questions import TRAIN_MANUALS, load_questions

    samples = []
    for manual in TRAIN_MANUALS:
        folder = manual_folder(manual)
        rows = load_questions((manual,))
        if not folder.is_dir() or not rows:
            print(f"  skipped {manual} (no manual at {folder} or no questions)", file=sys.stderr)
            continue
        name = collection_for(manual)
        ingest_paths(engine.store.collection(name), engine.embedder, [folder], compose=engine.settings.ingest.compose)
        engine.invalidate(name)
        samples += staff_question_samples(engine, rows, name, manual)
        print(f"  {manual}: {len(rows)} questions", file=sys.stderr)
    if args.contractnli and Path(args.contractnli).is_file():
        samples += contractnli_samples(engine, Path(args.contractnli), split="train", limit=args.limit,
                                       progress=lambda m: print(m, file=sys.stderr))
    return samples


def run(args: argparse.Namespace) -> int:
    from bot.application.engine import Engine
    from knowledge.learning.coverage import CoverageModel
    from knowledge.learning.fit import fit_coverage, fit_ranker, rescore
    from knowledge.learning.ranker import RankerWeights

    cache = Path(args.samples) if args.samples else None
    if cache and cache.is_file():
        samples = pickle.loads(cache.read_bytes())
    else:
        engine = Engine(settings_from(args), ranker=RankerWeights())   # features independent of any earlier fit
        samples = _collect(args, engine)
        if cache:
            cache.write_bytes(pickle.dumps(samples))
    ranker = fit_ranker(samples)
    rescore(samples, ranker)
    # ContractNLI teaches ranking, not coverage: every hypothesis is on the NDA's topic, and "not mentioned"
    # is a matter of entailment that retrieval evidence cannot see (fitted on it alone the model reaches a
    # balanced accuracy of 0.70, and it flips the sign of the dense evidence that separates staff questions).
    coverage = fit_coverage([s for s in samples if s.source != "contractnli"])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "ranker.json").write_text(json.dumps({"weights": ranker, "base_dense": RankerWeights().base_dense}, indent=2) + "\n")
    (out / "coverage.json").write_text(json.dumps(coverage, indent=2) + "\n")
    print(json.dumps({"samples": len(samples), "ranker": ranker, "coverage": coverage}, indent=2))
    if args.verdicts:
        engine = Engine(settings_from(args), ranker=RankerWeights.load(out / "ranker.json"),
                        coverage=CoverageModel.load(out / "coverage.json"), verdict_head=None)
        print(json.dumps(_fit_verdicts(engine, out), indent=2))
    return 0


def _fit_verdicts(engine, out: Path) -> dict:
    """The learned verdict head: feature blocks and regularisation chosen by leaving one training manual out at
    a time; written only when it beats the hand rules there (else the rules decide alone)."""
    from bot.cli.train_samples import verdict_samples
    from ingest.encode_clauses import model_of
    from knowledge.learning.questions import TRAIN_MANUALS, load_questions
    from knowledge.learning.verdict_head import accuracy, fit_verdict_head

    samples = []
    for manual in TRAIN_MANUALS:
        rows = load_questions((manual,))
        if rows and manual_folder(manual).is_dir():
            samples += verdict_samples(engine, rows, collection_for(manual))
    manuals = sorted({m for _, _, m in samples})
    candidates = [(blocks, l2) for blocks in (("typed",), ("typed", "question"), ("typed", "question", "clause"),
                                              ("typed", "question", "clause", "product"))
                  for l2 in (10.0, 100.0, 1000.0)]
    scores, rules = {}, []
    for held in manuals:
        test = [(e, v) for e, v, m in samples if m == held]
        rules.append(sum(e.rule_verdict is v for e, v in test) / len(test))
    for blocks, l2 in candidates:
        folds = []
        for held in manuals:
            train = [(e, v) for e, v, m in samples if m != held]
            test = [(e, v) for e, v, m in samples if m == held]
            head = fit_verdict_head([e for e, _ in train], [v for _, v in train], l2=l2, blocks=blocks)
            folds.append(accuracy(head, [e for e, _ in test], [v for _, v in test]))
        scores[(blocks, l2)] = sum(folds) / len(folds)
    (blocks, l2), best = max(scores.items(), key=lambda kv: kv[1])
    rules_score = sum(rules) / len(rules)
    record = {"samples": len(samples), "blocks": list(blocks), "l2": l2,
              "leave_one_manual_out_accuracy": round(best, 3), "rules_leave_one_manual_out_accuracy": round(rules_score, 3),
              "all_candidates": {f"{'+'.join(b)} l2={l}": round(v, 3) for (b, l), v in scores.items()}}
    target = out / "verdict.json"
    if best <= rules_score:
        target.unlink(missing_ok=True)
        record["written"] = False
        return record
    head = fit_verdict_head([e for e, _, _ in samples], [v for _, v, _ in samples], l2=l2, blocks=blocks,
                            encoder=model_of(engine.embedder))
    record["written"] = True
    target.write_text(head.to_json({"fit": record}), encoding="utf-8")
    return record
