"""How well an encoder alone finds the answering clause: hit@k of dense search over one whole manual.

A clause hits when its text holds one of the row's fragments (as `policybot eval` counts citations). Each
clause is scored as at run time: the better cosine of the clause in its context and the clause alone.
This measures the encoder by itself (model card, learning curve); `policybot eval` measures the engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from knowledge.learning.pairs import Encode
from knowledge.learning.questions import StaffQuestion, normalise
from knowledge.lexicon import expand
from knowledge.models import Clause


@dataclass(frozen=True)
class DenseFigures:
    questions: int
    hit_at_1: float
    hit_at_3: float
    hit_at_10: float
    mrr: float

    def as_dict(self) -> dict:
        return {"questions": self.questions, "hit@1": round(self.hit_at_1, 3), "hit@3": round(self.hit_at_3, 3),
                "hit@10": round(self.hit_at_10, 3), "mrr": round(self.mrr, 3)}


def dense_figures(rows: Sequence[StaffQuestion], clauses: Sequence[Clause], encode: Encode) -> DenseFigures:
    rows = [r for r in rows if r.covered and r.fragments]
    if not rows or not clauses:
        return DenseFigures(len(rows), 0.0, 0.0, 0.0, 0.0)
    in_context = encode([c.search_text() for c in clauses])
    alone = encode([c.shown_text() for c in clauses])
    queries = encode([expand(r.question) for r in rows])
    texts = [normalise(c.text) for c in clauses]
    ranks = []
    for row, q in zip(rows, queries):
        sims = np.maximum(in_context @ q, alone @ q)
        fragments = [normalise(f) for f in row.fragments]
        good = np.array([any(f in t for f in fragments) for t in texts])
        best_good = sims[good].max() if good.any() else -np.inf
        ranks.append(int((sims[~good] > best_good).sum()) + 1 if good.any() else None)
    found = [r for r in ranks if r is not None]
    n = len(rows)
    return DenseFigures(n, sum(r == 1 for r in found) / n, sum(r <= 3 for r in found) / n,
                        sum(r <= 10 for r in found) / n, sum(1 / r for r in found) / n)
