"""Scores the engine on a questions file (the format of tests/eval/questions.yaml).

Each entry: `q`, `verdict` (acceptable verdicts, or null), `clauses` (verbatim
fragments; a citation hits when its text contains one, ignoring case, spacing
and curly quotes) and `escalate` (true: must escalate, false: must not, null:
either). An optional `collection` overrides the collection for that entry.
"""
from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

from knowledge.models import Answer


def _norm(text: str) -> str:
    text = text.lower().replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class QuestionResult:
    id: str
    question: str
    answer: Answer
    rank: int | None           # 1-based rank of the first hitting citation
    verdict_ok: bool | None
    escalate_ok: bool | None
    latency_ms: float


@dataclass
class EvalReport:
    results: list[QuestionResult] = field(default_factory=list)
    expected: dict[str, dict] = field(default_factory=dict)

    def _with_clauses(self):
        return [r for r in self.results if self.expected[r.id].get("clauses")]

    @property
    def hit_at_1(self) -> float:
        rs = self._with_clauses()
        return sum(1 for r in rs if r.rank == 1) / len(rs) if rs else 1.0

    @property
    def hit_at_3(self) -> float:
        rs = self._with_clauses()
        return sum(1 for r in rs if r.rank and r.rank <= 3) / len(rs) if rs else 1.0

    @property
    def mrr(self) -> float:
        rs = self._with_clauses()
        return sum(1 / r.rank for r in rs if r.rank) / len(rs) if rs else 1.0

    @property
    def verdict_accuracy(self) -> float:
        rs = [r for r in self.results if r.verdict_ok is not None]
        return sum(r.verdict_ok for r in rs) / len(rs) if rs else 1.0

    @property
    def escalation_recall(self) -> float:
        rs = [r for r in self.results if self.expected[r.id].get("escalate") is True]
        return sum(r.answer.escalate for r in rs) / len(rs) if rs else 1.0

    @property
    def false_escalation_rate(self) -> float:
        rs = [r for r in self.results if self.expected[r.id].get("escalate") is False]
        return sum(r.answer.escalate for r in rs) / len(rs) if rs else 0.0

    @property
    def mean_citation_chars(self) -> float:
        lens = [len(c.text) for r in self.results for c in r.answer.citations]
        return statistics.fmean(lens) if lens else 0.0

    def latency(self, pct: float) -> float:
        lat = sorted(r.latency_ms for r in self.results)
        return lat[min(len(lat) - 1, int(round(pct / 100 * (len(lat) - 1))))] if lat else 0.0

    def figures(self) -> dict[str, float]:
        return {"questions": len(self.results), "hit@1": self.hit_at_1, "hit@3": self.hit_at_3, "mrr": self.mrr,
                "verdict_accuracy": self.verdict_accuracy, "escalation_recall": self.escalation_recall,
                "false_escalation_rate": self.false_escalation_rate,
                "mean_citation_chars": self.mean_citation_chars,
                "latency_p50_ms": self.latency(50), "latency_p95_ms": self.latency(95)}


def misses(report: EvalReport) -> dict[str, list[str]]:
    """Ids of the questions that missed, per kind: first citation not a hit, wrong verdict, wrong escalation."""
    return {
        "hit@1": [r.id for r in report.results if report.expected[r.id].get("clauses") and r.rank != 1],
        "verdict": [r.id for r in report.results if r.verdict_ok is False],
        "escalation": [r.id for r in report.results if r.escalate_ok is False],
    }


def score(entry: dict[str, Any], answer: Answer, latency_ms: float) -> QuestionResult:
    fragments = [_norm(f) for f in entry.get("clauses") or []]
    rank = None
    for i, c in enumerate(answer.citations, 1):
        if any(f in _norm(c.text) for f in fragments):
            rank = i
            break
    verdicts = entry.get("verdict")
    verdict_ok = None if verdicts is None else answer.verdict.value in verdicts
    expected_esc = entry.get("escalate")
    escalate_ok = None if expected_esc is None else answer.escalate == expected_esc
    return QuestionResult(str(entry.get("id", entry["q"][:30])), entry["q"], answer, rank, verdict_ok, escalate_ok, latency_ms)


def evaluate(engine, entries: Iterable[dict[str, Any]], collection: str | None = None) -> EvalReport:
    report = EvalReport()
    entries = list(entries)
    for entry in entries:                      # warm up every collection used, so latency is per question
        engine.retriever(entry.get("collection") or collection)
    for entry in entries:
        start = time.perf_counter()
        answer = engine.ask(entry["q"], collection=entry.get("collection") or collection)
        result = score(entry, answer, (time.perf_counter() - start) * 1000)
        report.results.append(result)
        report.expected[result.id] = entry
    return report
