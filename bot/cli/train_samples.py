"""The samples `policybot train` fits on: the real engine's candidates for labelled questions.

Staff questions come from the TRAINING manuals of `knowledge/learning/questions` (each manual ingested whole
into a collection of its own); ContractNLI's train half gives ranking examples. The held-out manual and the
sets under tests/eval are never read here.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Sequence

from knowledge.learning.fit import POOL, Sample, make_sample
from knowledge.learning.questions import StaffQuestion, normalise


def staff_question_samples(engine, rows: Sequence[StaffQuestion], collection: str, source: str) -> list[Sample]:
    out = []
    for row in rows:
        fragments = [normalise(f) for f in row.fragments]
        hits = engine.retriever(collection).search(row.question, POOL)
        out.append(make_sample(source, row.question, row.covered, hits,
                               lambda c, fragments=fragments: any(f in normalise(c.text) for f in fragments)))
    return out


def verdict_samples(engine, rows: Sequence[StaffQuestion], collection: str):
    """(evidence, verdict) for each covered row the engine answers with a clause, as `answer()` would read it."""
    from knowledge.answer import deliberate, verdict_evidence

    retriever = engine.retriever(collection)
    out = []
    for row in rows:
        if not row.covered:
            continue
        d = deliberate(row.question, retriever=retriever, settings=engine.settings.retrieval, coverage=engine.coverage)
        evidence = verdict_evidence(d, retriever)
        if evidence is not None:
            out.append((evidence, row.verdict, row.manual))
    return out


def hypothesis_question(hypothesis: str) -> str:
    """A ContractNLI hypothesis asked the way a person would ask it."""
    h = hypothesis.strip().rstrip(".")
    return f"Does the agreement say that {h[0].lower()}{h[1:]}?"


def contractnli_samples(engine, dev_json: Path, *, split: str = "train", limit: int | None = None,
                        progress=print) -> list[Sample]:
    from ingest.pipeline import ingest_paths

    data = json.loads(dev_json.read_text(encoding="utf-8"))
    labels = data["labels"]
    docs = [d for i, d in enumerate(data["documents"]) if split == "all" or (i % 2 == 0) == (split == "train")]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, doc in enumerate(docs[:limit]):
            name = f"cnli-{doc['id']}"
            path = Path(tmp) / f"nda-{doc['id']}.txt"
            path.write_text(doc["text"], encoding="utf-8")
            ingest_paths(engine.collection(name), engine.embedder, [path])
            engine.invalidate(name)
            norm_text, offsets = _normalised_with_offsets(doc["text"])
            for key, ann in doc["annotation_sets"][0]["annotations"].items():
                spans = [doc["spans"][i] for i in ann["spans"]]
                covered = ann["choice"] != "NotMentioned"
                hits = engine.retriever(name).search(hypothesis_question(labels[key]["hypothesis"]), POOL)
                out.append(make_sample("contractnli", labels[key]["hypothesis"], covered, hits,
                                   lambda c, spans=spans: _overlaps(c.text, norm_text, offsets, spans)))
            progress(f"  contractnli {n + 1}/{len(docs[:limit])}: {doc['file_name']}")
    return out


def _normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """Whitespace-collapsed lower-case text, and for each of its characters the offset in the original."""
    chars, offsets = [], []
    prev_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                chars.append(" ")
                offsets.append(i)
            prev_space = True
        else:
            chars.append(ch.lower())
            offsets.append(i)
            prev_space = False
    return "".join(chars), offsets


def _overlaps(clause_text: str, norm_text: str, offsets: list[int], spans: Sequence[Sequence[int]]) -> bool:
    needle = " ".join(clause_text.lower().split())
    at = norm_text.find(needle)
    if at < 0 or not needle:
        return False
    start, end = offsets[at], offsets[at + len(needle) - 1] + 1
    return any(s < end and start < e for s, e in spans)


