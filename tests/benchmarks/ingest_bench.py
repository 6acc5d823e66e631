"""Ingest figures: rate against sentence-transformers side by side, peak memory on a 30 MB file, re-ingest.

    python -m tests.benchmarks.ingest_bench [--clauses 600] [--rounds 2] [--big-mb 30]

- rate: clauses/s of a first ingest (chunk, encode, store) of a synthetic
  policy, and clauses/s of sentence-transformers' own `encode` (batch 32) of
  the same clauses' texts, in a separate process so neither's thread pool
  slows the other. The two alternate for `--rounds` rounds and the best round
  of each counts, because the machine is shared and its load comes and goes.
- re-ingest: seconds to ingest the same file again, unchanged (the content-hash
  skip: nothing may be read back or encoded).
- peak RSS: a fresh process ingests a generated `--big-mb` MB text file and
  reports its ru_maxrss; the parent prints it with the clause count, the time,
  and the time of an unchanged re-ingest of that file.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_ST_SCRIPT = """
import json, sys, time
from sentence_transformers import SentenceTransformer
from knowledge.embedder import model_path
texts = json.load(sys.stdin)
model = SentenceTransformer(str(model_path()), device="cpu")
model.encode(texts[:32], batch_size=32)
start = time.perf_counter()
model.encode(texts, batch_size=32)
print(len(texts) / (time.perf_counter() - start))
"""

_BIG_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from bot.application.engine import Engine
from ingest.loaders import Limits
from ingest.pipeline import ingest_paths
from bot.application.settings import load_settings
data, path, compose = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "composed"
# The file is bigger than the default ingest.max_file_mb on purpose: this measures what a raised limit costs.
limits = Limits(max_file_mb=path.stat().st_size / 2**20 + 1)
engine = Engine(load_settings(path=data / "none.yaml", env={}, data_dir=data))
collection = engine.store.collection("bench-big")
start = time.perf_counter()
report = ingest_paths(collection, engine.embedder, [path], compose=compose, limits=limits)
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
again = ingest_paths(collection, engine.embedder, [path], compose=compose, limits=limits)
print(json.dumps({"clauses": report.clauses, "seconds": seconds, "errors": [d.error for d in report.failed],
                  "max_rss_mb": rss, "reingest_s": again.seconds, "reembedded": again.embedded}))
"""


def _settings(data: Path):
    from bot.application.settings import load_settings

    return load_settings(path=data / "none.yaml", env={}, data_dir=data)


def st_rate(texts: list[str]) -> float:
    """sentence-transformers' clauses/s on `texts`, in a fresh process (its import time not counted)."""
    out = subprocess.run([sys.executable, "-c", _ST_SCRIPT], input=json.dumps(texts), cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def ingest_vs_sentence_transformers(data: Path, n_clauses: int = 600, rounds: int = 2) -> dict[str, float]:
    from bot.application.engine import Engine
    from ingest.chunk_policy import chunk_policy
    from ingest.pipeline import ingest_paths
    from tests.benchmarks.run import synthetic_policy

    data.mkdir(parents=True, exist_ok=True)
    engine = Engine(_settings(data))
    path = data / "synthetic-policy.md"
    path.write_text(synthetic_policy(n_clauses), encoding="utf-8")
    texts = [c.text for c in chunk_policy(path.read_text(encoding="utf-8"), doc_id="x").clauses]
    engine.embedder.encode(["warm up"])
    exact, composed, theirs, reingest = 0.0, 0.0, 0.0, float("inf")
    for n in range(rounds):
        theirs = max(theirs, st_rate(texts))
        collection = engine.store.collection(f"bench-ingest-{n}")
        report = ingest_paths(collection, engine.embedder, [path])
        exact = max(exact, report.clauses / report.seconds)
        again = ingest_paths(collection, engine.embedder, [path])
        assert again.embedded == 0, "an unchanged re-ingest embedded clauses"
        reingest = min(reingest, again.seconds)
        report = ingest_paths(engine.store.collection(f"bench-composed-{n}"), engine.embedder, [path], compose=True)
        composed = max(composed, report.clauses / report.seconds)
    return {"ingest_clauses": len(texts), "st_encode_clauses_per_s": theirs,
            "ingest_clauses_per_s": exact, "ingest_ratio_to_st": exact / theirs,
            "ingest_composed_clauses_per_s": composed, "ingest_composed_ratio_to_st": composed / theirs,
            "reingest_unchanged_s": reingest}


def big_text(megabytes: float, seed: int = 5) -> str:
    """A manual of `megabytes` MB: many sections of numbered rules recombining real policy sentences."""
    from tests.benchmarks.run import synthetic_policy

    chunk = synthetic_policy(2000, seed=seed)
    parts, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        # Renumber the sections of each copy so that no two clauses are identical.
        part = chunk.replace("## Section ", f"## Part {n} section ")
        parts.append(part)
        size += len(part.encode())
        n += 1
    return "\n\n".join(parts)


def peak_rss_big_file(data: Path, megabytes: float, recipe: str = "composed") -> dict[str, float]:
    """Ingest a generated file in a fresh process: its peak RSS, time, and an unchanged re-ingest.

    The composed recipe is used because it is the faster one; memory does not depend on it
    (both encode bounded batches)."""
    data.mkdir(parents=True, exist_ok=True)
    path = data / "big-manual.txt"
    path.write_text(big_text(megabytes), encoding="utf-8")
    size_mb = path.stat().st_size / 1_000_000
    out = subprocess.run([sys.executable, "-c", _BIG_SCRIPT, str(data / "big"), str(path), recipe], cwd=ROOT,
                         check=True, capture_output=True, text=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    if got["errors"]:
        raise SystemExit(f"the big file was refused: {got['errors']}")
    return {"big_file_mb": size_mb, "big_file_clauses": got["clauses"], "big_file_ingest_s": got["seconds"],
            "big_file_max_rss_mb": got["max_rss_mb"], "big_file_reingest_unchanged_s": got["reingest_s"],
            "big_file_reembedded": got["reembedded"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--big-mb", type=float, default=30.0, help="size of the generated file (0: skip)")
    args = parser.parse_args(argv)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        figures.update(ingest_vs_sentence_transformers(data, args.clauses, args.rounds))
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}), flush=True)
        if args.big_mb > 0:
            figures.update(peak_rss_big_file(Path(tmp), args.big_mb))
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:{width}}  {value:,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
