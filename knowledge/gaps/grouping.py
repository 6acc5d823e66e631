"""Average-linkage agglomerative clustering of unit vectors, cut at a cosine-similarity threshold.

Two groups merge while the mean cosine similarity between their members is at least
`threshold`; average linkage never lets one stray pair chain two unrelated topics together
(as single linkage would). The result depends only on the vectors and their order: every
tie goes to the lowest index, so the same questions in the same order always give the same
topics.

Cost: a similarity matrix of n x n float32 (36 MB at n = 3,000) and O(n^2) work in practice:
each row remembers its best neighbour, and only rows whose best neighbour took part in a
merge are searched again.
"""
from __future__ import annotations

import numpy as np

__all__ = ["group_by_similarity", "centroid"]


def group_by_similarity(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Indices of `vectors` (rows, unit length) grouped; each group ascending, groups by first index."""
    n = len(vectors)
    if n == 0:
        return []
    if not -1.0 <= threshold <= 1.0:
        raise ValueError("threshold is a cosine similarity, between -1 and 1")
    x = np.asarray(vectors, dtype=np.float32)
    sim = x @ x.T
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n, dtype=np.float64)
    members: list[list[int] | None] = [[i] for i in range(n)]
    best = sim.argmax(axis=1) if n > 1 else np.zeros(1, dtype=np.int64)
    best_value = sim[np.arange(n), best] if n > 1 else np.full(1, -np.inf, dtype=np.float32)
    while True:
        a = int(np.argmax(best_value))          # the first of the most similar pairs
        if not best_value[a] >= threshold:      # also stops on -inf (a single group left)
            break
        b = int(best[a])
        a, b = min(a, b), max(a, b)             # the merged group keeps the lower index
        merged = (sizes[a] * sim[a].astype(np.float64) + sizes[b] * sim[b]) / (sizes[a] + sizes[b])
        merged = merged.astype(np.float32)
        sim[a, :] = merged
        sim[:, a] = merged
        sim[b, :] = -np.inf
        sim[:, b] = -np.inf
        sim[a, a] = -np.inf
        sizes[a] += sizes[b]
        members[a] = members[a] + members[b]
        members[b] = None
        best_value[b] = -np.inf
        # Rows that pointed at a or b search again; the others only compare with the new group.
        stale = np.flatnonzero(((best == a) | (best == b)) & np.isfinite(best_value))
        stale = np.union1d(stale, [a])
        for row in stale:
            best[row] = int(np.argmax(sim[row]))
            best_value[row] = sim[row, best[row]]
        closer = (sim[:, a] > best_value) | ((sim[:, a] == best_value) & (a < best) & np.isfinite(sim[:, a]))
        closer[a] = False
        best[closer] = a
        best_value[closer] = sim[closer, a]
    groups = [sorted(m) for m in members if m is not None]
    return sorted(groups, key=lambda g: g[0])


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean direction of some unit vectors."""
    mean = np.asarray(vectors, dtype=np.float64).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)
