"""`policybot train-encoder`: fine-tune the sentence encoder on the written staff questions (`make models`).

Reads only `knowledge/learning/questions/` and the manuals its training rows are about (`../shared/corpora`,
the bundled policies); the held-out manual is used for the card's figures, never for fitting. Writes the
trained files and their card to `knowledge/trained/encoder/` (or `--out`). Needs the `train` extra
(torch, sentence-transformers); nothing it writes needs them at run time.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
from pathlib import Path

from bot.cli.manuals import ROOT, SHARED, manual_folder


def register(sub) -> None:
    p = sub.add_parser("train-encoder", help="fine-tune the sentence encoder on the written staff questions")
    p.add_argument("--out", default=str(ROOT / "knowledge/trained/encoder"), help="folder for the trained files")
    p.add_argument("--shared", default=str(SHARED), help="folder holding corpora/ (the manuals)")
    p.add_argument("--limit", type=int, help="train on this many questions only (a seeded sample; learning curve)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--no-card", action="store_true", help="write the weights only (learning-curve runs)")
    p.add_argument("--without", default="", metavar="MANUAL[,MANUAL]",
                   help="leave these training manuals out (a cross-fitting fold for `policybot train --cross-fit`)")
    p.set_defaults(func=run)


def manual_clauses(folder: Path):
    """Every clause of a manual as the chunker makes it, and clause id -> the document's key in the rows."""
    from ingest.plan import expand_paths, plan_file

    clauses, doc_of = [], {}
    for path, root in expand_paths([folder]):
        key = str(path.relative_to(folder).with_suffix(""))
        for doc in plan_file(path, root).documents:
            for clause in doc.clauses:
                clauses.append(clause)
                doc_of[clause.id] = key
    return clauses, doc_of


def run(args: argparse.Namespace) -> int:
    from knowledge.embedder import MiniLMEmbedder
    from knowledge.encoder_files import base_model_path
    from knowledge.learning.dense_eval import dense_figures
    from knowledge.learning.encoder_fit import FitSettings, fine_tune
    from knowledge.learning.model_card import write_card
    from knowledge.learning.pairs import mine_triples
    from knowledge.learning.questions import HELD_OUT_MANUALS, TRAIN_MANUALS, load_questions

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    shared = Path(args.shared)
    without = tuple(m for m in args.without.split(",") if m)
    unknown = [m for m in without if m not in TRAIN_MANUALS]
    if unknown:
        log(f"train-encoder: --without names no training manual: {', '.join(unknown)} "
            f"(training manuals: {', '.join(TRAIN_MANUALS)})")
        return 2
    train_manuals = tuple(m for m in TRAIN_MANUALS if m not in without)
    base = MiniLMEmbedder(path=base_model_path(), backend="auto", cache_dir=ROOT / "data" / "models")
    rows = load_questions(train_manuals)
    if args.limit:
        rows = sorted(random.Random(args.seed).sample(rows, min(args.limit, len(rows))), key=lambda r: r.id)
    manuals = {}
    for manual in TRAIN_MANUALS + HELD_OUT_MANUALS:
        folder = manual_folder(manual, shared)
        if not folder.is_dir():
            log(f"train-encoder: {folder} is missing (the manuals sit in ../shared/corpora)")
            return 2
        manuals[manual] = manual_clauses(folder)
    triples = []
    for manual in train_manuals:
        clauses, doc_of = manuals[manual]
        mine = [r for r in rows if r.manual == manual]
        found = mine_triples(mine, clauses, doc_of, base.encode, seed=args.seed)
        triples += found
        log(f"  {manual}: {len(mine)} questions, {len(clauses)} clauses, {len(found)} triples")
    settings = FitSettings(epochs=args.epochs, seed=args.seed)
    out = Path(args.out)
    record = fine_tune(triples, base_model_path(), out, settings, log=log)
    trained = MiniLMEmbedder(path=out, backend="auto", cache_dir=ROOT / "data" / "models")
    figures: dict[str, dict] = {}
    for manual in HELD_OUT_MANUALS + TRAIN_MANUALS:
        split = "trained on" if manual in train_manuals else "held out"
        held = load_questions((manual,))
        if split == "trained on" and args.no_card:
            continue
        clauses = manuals[manual][0]
        # A learning-curve run measures the trained encoder only (the base figures are the card's).
        encoders = (("trained", trained),) if args.no_card else (("base", base), ("trained", trained))
        figures[manual] = {name: {"split": split, **dense_figures(held, clauses, enc.encode).as_dict()}
                           for name, enc in encoders}
        log(f"  {manual} ({split}): {json.dumps(figures[manual])}")
    result = {"train_manuals": list(train_manuals), "held_out_manuals": list(HELD_OUT_MANUALS + without),
              "train_questions": len(rows), **record, "figures": figures,
              "machine": f"{platform.machine()} CPU, {settings.threads} threads"}
    if not args.no_card:
        result = write_card(out, result)
    print(json.dumps(result, indent=2))
    return 0
