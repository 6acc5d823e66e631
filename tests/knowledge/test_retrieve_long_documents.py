"""A policy's clauses compete as a whole, up to `DOCUMENT_CLAUSES`; of a longer document, the nearest ones."""
from __future__ import annotations

import numpy as np

from knowledge.models import Clause
from knowledge.retrieve import DOCUMENT_CLAUSES, HybridRetriever
from knowledge.settings import RetrievalSettings


class _Index:
    """One long handbook and one short policy, every clause's vectors held in memory."""

    def __init__(self, embedder, long_clauses: int):
        self.embedder = embedder
        self._clauses = [Clause(id=f"hb:{i}", doc_id="hb", document="Staff Handbook", section="Section",
                                locator=f"item {i}", text=f"handbook rule number {i} about topic {i % 37}",
                                position=i) for i in range(long_clauses)]
        self._clauses += [Clause(id=f"p:{i}", doc_id="p", document="Field Trips", section="Trips",
                                 locator=f"item {i}", text=f"field trip rule {i}", position=i) for i in range(5)]
        self._vectors = {c.id: v for c, v in zip(self._clauses, embedder.encode([c.search_text() for c in self._clauses]))}

    def clauses(self):
        return list(self._clauses)

    def vectors(self, ids):
        v = np.asarray([self._vectors[i] for i in ids], dtype=np.float32)
        return v, v

    def dense_search(self, vector, k):
        return []


def _pool(monkeypatch, retriever, question):
    """The candidate rows scored for a question (every one is scored; the pool is what costs time)."""
    seen = []
    real = retriever.lexical.group_coverage

    def counting(row, groups):
        seen.append(row)
        return real(row, groups)

    monkeypatch.setattr(retriever.lexical, "group_coverage", counting)
    retriever.search(question)
    return seen


def test_a_long_document_adds_only_its_nearest_clauses(hash_embedder, monkeypatch):
    retriever = HybridRetriever(_Index(hash_embedder, 5 * DOCUMENT_CLAUSES), hash_embedder, RetrievalSettings())
    question = "handbook rule number 777 about topic 0"
    pool = _pool(monkeypatch, retriever, question)
    handbook = [r for r in pool if retriever.clauses[r].doc_id == "hb"]
    assert DOCUMENT_CLAUSES <= len(handbook) < 2 * DOCUMENT_CLAUSES
    sims = retriever._vectors[0] @ retriever.encode_query(question)
    nearest = max((r for r, c in enumerate(retriever.clauses) if c.doc_id == "hb"), key=lambda r: sims[r])
    assert nearest in pool


def test_a_policy_of_ordinary_length_competes_whole(hash_embedder, monkeypatch):
    retriever = HybridRetriever(_Index(hash_embedder, DOCUMENT_CLAUSES), hash_embedder, RetrievalSettings())
    pool = _pool(monkeypatch, retriever, "handbook rule about topic 3")
    assert {r for r in pool if retriever.clauses[r].doc_id == "hb"} == set(range(DOCUMENT_CLAUSES))
