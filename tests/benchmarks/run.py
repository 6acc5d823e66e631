"""Prints PolicyBot's speed figures: cold start, warm latency, ingest rate, and warm latency at 100 000 clauses.

    python -m tests.benchmarks.run [--skip-100k] [--clauses 100000] [--big-mb 30] [--ingest-clauses 600]

- cold start: a new `policybot ask` process on an already-ingested data dir,
  from exec to the answer printed (median of 3 runs);
- warm latency: p50/p95 of `Engine.ask` over the eval questions, repeated;
- ingest (`tests.benchmarks.ingest_bench`): clauses/s of a first ingest of a
  synthetic policy built from the real policies' sentences, side by side
  with sentence-transformers' own batch encode of the same clauses, and the
  ratio of the two, for both context-vector recipes; the seconds an unchanged
  re-ingest takes; the peak RSS of a fresh process ingesting a generated
  30 MB text file (takes a while: every one of its ~190 000 clauses is
  encoded);
- 100k: the same warm latency on a synthetic collection of 100 000 clauses.
  Embedding 100 000 clauses with the CPU model takes ~40 minutes, so their
  vectors are synthesised (mixtures of real clause vectors plus noise) and
  their texts recombine real clause sentences; the query path (embedding the
  question, HNSW search, BM25 and scoring) is exactly the production one.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
QUESTION_FILES = [ROOT / "tests/eval/questions.yaml", ROOT / "tests/eval/more_questions.yaml"]


def _questions() -> list[str]:
    return [e["q"] for f in QUESTION_FILES for e in yaml.safe_load(f.read_text(encoding="utf-8"))]


def _pct(values: list[float], pct: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(pct / 100 * (len(values) - 1))))]


def _settings(data: Path):
    from bot.application.settings import load_settings

    return load_settings(path=data / "none.yaml", env={}, data_dir=data)


def warm_latency(engine, collection: str | None, rounds: int = 5) -> tuple[float, float]:
    questions = _questions()
    for q in questions[:5]:
        engine.ask(q, collection=collection)
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            engine.ask(q, collection=collection)
            times.append((time.perf_counter() - start) * 1000)
    return _pct(times, 50), _pct(times, 95)


def cold_start(data: Path, runs: int = 3) -> float:
    cmd = [sys.executable, "-m", "bot.cli.main", "--data-dir", str(data), "ask", "--json", "can I text my team?"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_policy(n_clauses: int, seed: int = 7) -> str:
    """A long policy whose items recombine real policy sentences (so no two clauses are identical)."""
    from ingest.chunk_policy import chunk_policy
    from knowledge.text import split_sentences

    rng = random.Random(seed)
    sentences = []
    for path in sorted((ROOT / "knowledge/bundled").glob("*.txt")) + sorted((ROOT / "tests/fixtures/policies").glob("*.txt")):
        for c in chunk_policy(path.read_text(encoding="utf-8"), doc_id="x").clauses:
            sentences += split_sentences(c.text)
    lines = ["Synthetic Benchmark Policy", ""]
    for section in range(n_clauses // 20 + 1):
        lines += [f"## Section {section + 1}", "", "Employees shall observe the following:", ""]
        for item in range(20):
            a, b = rng.sample(sentences, 2)
            lines += [f"- {a} {b.split(' ', 3)[-1]} (rule {section}.{item})", ""]
    return "\n".join(lines)


def build_100k(data: Path, n: int, seed: int = 11) -> None:
    from bot.application.engine import Engine
    from ingest.chunk_policy import chunk_policy
    from ingest.encode_clauses import model_of, scheme
    from knowledge.document_meta import DocumentMeta
    from knowledge.manifest import ManifestEntry
    from knowledge.models import Clause

    engine = Engine(_settings(data))
    rng = np.random.default_rng(seed)
    real = []
    for path in sorted((ROOT / "knowledge/bundled").glob("*.txt")) + sorted((ROOT / "tests/fixtures/policies").glob("*.txt")):
        real += chunk_policy(path.read_text(encoding="utf-8"), doc_id="x").clauses
    base = engine.embedder.encode([c.search_text() for c in real])
    words = [c.text.split() for c in real]
    col = engine.store.collection("bench-100k")
    per_doc = 2000
    for d in range(-(-n // per_doc)):
        clauses, vecs = [], []
        for i in range(min(per_doc, n - d * per_doc)):
            a, b = rng.integers(0, len(real), 2)
            w = rng.random()
            v = w * base[a] + (1 - w) * base[b] + rng.normal(0, 0.05, base.shape[1])
            vecs.append(v / np.linalg.norm(v))
            text = " ".join(words[a][: len(words[a]) // 2] + words[b][len(words[b]) // 2:]) + f" (rule {d}.{i})"
            clauses.append(Clause(id=f"doc{d}:{i}", doc_id=f"doc{d}", document=f"Synthetic policy {d}",
                                  section=f"Section {i // 20 + 1}", locator=f"item {i % 20 + 1}", text=text,
                                  content_hash=f"{d}-{i}", position=i))
        vecs = np.asarray(vecs, dtype=np.float32)
        text_vecs = vecs + rng.normal(0, 0.05, vecs.shape).astype(np.float32)
        text_vecs /= np.linalg.norm(text_vecs, axis=1, keepdims=True)
        entry = ManifestEntry(doc_id=f"doc{d}", meta=DocumentMeta(title=f"Synthetic policy {d}"), version="1")
        col.put_document(entry, clauses=clauses, vectors=vecs, text_vectors=text_vecs)
    # Name the vectors as this engine's recipe would make them; otherwise the first load re-encodes every
    # synthesised clause from its text (which is what ingest does with a store made by another encoder).
    col.set_embedding_scheme(scheme(engine.settings.ingest.compose, model_of(engine.embedder)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--clauses", type=int, default=100_000)
    parser.add_argument("--big-data", help="keep the 100k collection in this folder and reuse it on later runs")
    parser.add_argument("--ingest-clauses", type=int, default=600, help="clauses of the ingest-rate policy")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of ours and sentence-transformers")
    parser.add_argument("--big-mb", type=float, default=30.0,
                        help="MB of the generated file whose ingest's peak RSS is measured (0: skip)")
    args = parser.parse_args(argv)
    from bot.application.engine import Engine
    from tests.benchmarks.ingest_bench import ingest_vs_sentence_transformers, peak_rss_big_file

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        engine = Engine(_settings(data))
        start = time.perf_counter()
        engine.retriever()                     # first use: ingests the bundled policies
        figures["first_use_ingest_s"] = time.perf_counter() - start
        figures["cold_start_s"] = cold_start(data)
        figures["warm_p50_ms"], figures["warm_p95_ms"] = warm_latency(engine, None)
        figures.update(ingest_vs_sentence_transformers(data, args.ingest_clauses, args.rounds))
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}), flush=True)
        if args.big_mb > 0:
            figures.update(peak_rss_big_file(Path(tmp), args.big_mb))
            print(json.dumps({k: round(v, 3) for k, v in figures.items()}), flush=True)
        if not args.skip_100k:
            big_data = Path(args.big_data) if args.big_data else data
            big = Engine(_settings(big_data))
            if not (args.big_data and big.store.exists("bench-100k")):
                start = time.perf_counter()
                build_100k(big_data, args.clauses)
                figures["build_100k_s"] = time.perf_counter() - start
                big = Engine(_settings(big_data))
            start = time.perf_counter()
            big.retriever("bench-100k")
            figures["load_100k_s"] = time.perf_counter() - start
            figures["clauses_100k"] = len(big.retriever("bench-100k"))
            figures["warm_100k_p50_ms"], figures["warm_100k_p95_ms"] = warm_latency(big, "bench-100k", rounds=3)
        figures["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:{width}}  {value:,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
