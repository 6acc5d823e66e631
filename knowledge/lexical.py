"""Lexical retrieval: BM25 for candidates and IDF-weighted term coverage for scoring.

BM25 runs on numpy postings (one array of rows and one of term weights per
term), which is all a short query needs; bm25s would pull in scipy, and its
import alone costs a tenth of the cold-start budget.

BM25 scores are unbounded and only comparable within one query, so they rank
candidates; the score that enters fusion and the "is this covered at all?"
decision is the share of the question's (IDF-weighted) content terms that the
clause contains. Terms the collection has never seen weigh the most, which is
what makes "how many sick days do I get?" score low against a social-media
policy.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np

from knowledge.text import content_terms


BM25_K1 = 1.5
BM25_B = 0.75


class LexicalIndex:
    def __init__(self, ids: Sequence[str], texts: Sequence[str]):
        self.ids = list(ids)
        counts = [Counter(content_terms(t)) for t in texts]
        self._terms = [set(c) for c in counts]
        df: Counter[str] = Counter()
        for terms in self._terms:
            df.update(terms)
        n = max(len(self.ids), 1)
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        self._by_initial: dict[str, list[str]] | None = None
        self._postings = self._bm25_postings(counts)

    def _bm25_postings(self, counts: list[Counter]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(float(lengths.mean()) if len(lengths) else 1.0, 1.0))
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for row, c in enumerate(counts):
            for term, tf in c.items():
                rows.setdefault(term, []).append(row)
                weights.setdefault(term, []).append(self._idf[term] * tf * (BM25_K1 + 1) / (tf + norm[row]))
        return {t: (np.array(rows[t], dtype=np.int32), np.array(weights[t], dtype=np.float32)) for t in rows}

    def __len__(self) -> int:
        return len(self.ids)

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unknown_idf)

    def known(self, term: str) -> bool:
        return term in self._idf

    def search(self, query_terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best k rows for these terms."""
        known = [t for t in dict.fromkeys(query_terms) if t in self._postings]
        if not known or not self.ids:
            return []
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for term in known:
            rows, weights = self._postings[term]
            scores[rows] += weights
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(r), float(scores[r])) for r in top if scores[r] > 0]

    def coverage(self, row: int, query_terms: Sequence[str]) -> float:
        """IDF-weighted share of the query terms present in the row, in [0, 1]."""
        unique = set(query_terms)
        if not unique:
            return 0.0
        total = sum(self.idf(t) for t in unique)
        present = sum(self.idf(t) for t in unique if t in self._terms[row])
        return present / total if total else 0.0

    def group_coverage(self, row: int, groups: Sequence[frozenset[str]]) -> float:
        """Like `coverage`, but a group (a term and its alternatives) counts once, when any member is present.

        A group weighs as much as its most specific known member (or an unseen
        term, when the collection knows none of them).
        """
        if not groups:
            return 0.0
        terms = self._terms[row]
        total = present = 0.0
        for group in groups:
            known = [self._idf[t] for t in group if t in self._idf]
            weight = max(known) if known else self._unknown_idf
            total += weight
            if not terms.isdisjoint(group):
                present += weight
        return present / total if total else 0.0

    def correct(self, term: str) -> str | None:
        """The collection's word that an unknown term is most likely a typo of ("frend" -> "friend")."""
        if term in self._idf or len(term) < 4 or term.isdigit():
            return None
        limit = 1 if len(term) < 8 else 2
        if self._by_initial is None:
            self._by_initial = {}
            for known in self._idf:
                self._by_initial.setdefault(known[0], []).append(known)
        best, best_distance = None, limit + 1
        for known in self._by_initial.get(term[0], []):
            if abs(len(known) - len(term)) <= limit:
                distance = _edit_distance(term, known, limit)
                if distance < best_distance or (distance == best_distance and best is not None
                                                and self._idf[known] < self._idf[best]):
                    best, best_distance = known, distance
        return best if best_distance <= limit else None

    def row_terms(self, row: int) -> set[str]:
        return self._terms[row]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent swaps count 1), giving up early once above `limit`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
