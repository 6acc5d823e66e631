"""Fits what PolicyBot learns: the ranking weights and the coverage ("is this covered at all?") model.

`policybot train` runs the real engine over labelled data, records every candidate's features
(`knowledge.learning.ranker`, `knowledge.learning.coverage`) and fits:
- the ranker: non-negative weights summing to 1 over the ranking features, chosen by a seeded random search
  over the simplex to maximise hit@1 + MRR of the right clause (the candidate pool does not depend on them);
- the coverage model: an L2-regularised logistic regression on the best candidate's evidence, each source
  weighted equally, with the threshold that maximises balanced accuracy.

Labelled data: the written staff questions of the TRAINING manuals only (`knowledge.learning.questions`;
a row with fragments is covered, an absent row is not), and ContractNLI dev's train half (each NDA its own
collection; a clause is right when it overlaps a hypothesis's evidence span). The ranker learns from both;
the coverage model from the staff questions only (see `bot/cli/train.py` for why ContractNLI's NotMentioned
labels are left out of it). Nothing here reads a file: the samples are collected by `bot/cli/train_samples.py`
and the results go to `knowledge/trained/*.json`, which ship with the package.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from knowledge.learning.coverage import COVERAGE_FEATURES, coverage_features
from knowledge.learning.ranker import FEATURES, RankerWeights, linear_scores

POOL = 200


@dataclass
class Sample:
    source: str                        # which data set it came from (for per-source weighting)
    question: str
    covered: bool
    features: np.ndarray               # (candidates, len(FEATURES))
    correct: np.ndarray                # (candidates,) bool: this candidate is a right citation
    intro: np.ndarray                  # (candidates,) bool: the clause introduces a list
    coverage: dict[str, float]         # coverage features of the best candidate under the current ranker


def make_sample(source: str, question: str, covered: bool, hits, is_correct) -> Sample:
    feats = np.array([[h.features.get(f, 0.0) for f in FEATURES] for h in hits], dtype=np.float64).reshape(-1, len(FEATURES))
    correct = np.array([bool(is_correct(h.clause)) for h in hits], dtype=bool)
    intro = np.array([h.clause.text.rstrip().endswith(":") for h in hits], dtype=bool)
    cov = coverage_features(hits) if hits else {f: 0.0 for f in COVERAGE_FEATURES}
    return Sample(source, question, covered, feats, correct, intro, cov)


# -- fitting -------------------------------------------------------------------------------------------

def ranking_quality(samples: Sequence[Sample], weights: np.ndarray) -> float:
    """hit@1 + MRR of the right clause over the samples that have one."""
    total, n = 0.0, 0
    for s in samples:
        if not s.covered or not s.correct.any():
            continue
        scores = linear_scores(s.features, weights, s.intro)
        order = np.argsort(-scores, kind="stable")
        rank = int(np.nonzero(s.correct[order])[0][0]) + 1
        total += (rank == 1) + 1.0 / rank
        n += 1
    return total / max(n, 1)


# Differences in ranking quality between nearby weightings are small and noisy on a few hundred questions;
# a light pull towards the plain dense/lexical blend keeps the fit from swinging to an extreme on noise.
PRIOR_PULL = 0.1


def fit_ranker(samples: Sequence[Sample], *, trials: int = 4000, seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    by_source: dict[str, list[Sample]] = {}
    for s in samples:
        by_source.setdefault(s.source, []).append(s)

    prior = np.array([RankerWeights().weights.get(f, 0.0) for f in FEATURES])

    def quality(w: np.ndarray) -> float:      # every source counts equally, whatever its size
        fit = float(np.mean([ranking_quality(group, w) for group in by_source.values()]))
        return fit - PRIOR_PULL * float(np.sum((w - prior) ** 2))

    best = prior
    best_q = quality(best)
    for _ in range(trials):
        w = np.array([rng.expovariate(1.0) for _ in FEATURES])
        w /= w.sum()
        q = quality(w)
        if q > best_q:
            best, best_q = w, q
    return {f: round(float(v), 4) for f, v in zip(FEATURES, best)}


def fit_coverage(samples: Sequence[Sample], *, l2: float = 0.01, steps: int = 3000) -> dict[str, Any]:
    x = np.array([[s.coverage[f] for f in COVERAGE_FEATURES] for s in samples], dtype=np.float64)
    y = np.array([1.0 if s.covered else 0.0 for s in samples])
    sources = [s.source for s in samples]
    weight = np.array([1.0 / sources.count(src) for src in sources])
    weight *= len(samples) / weight.sum()
    # Balance the classes within the weighting, so neither "covered" nor "not covered" dominates.
    for label in (0.0, 1.0):
        mask = y == label
        if mask.any():
            weight[mask] *= 0.5 * weight.sum() / weight[mask].sum()
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.5 * (z.T @ g / len(y) + l2 * w)
        b -= 0.5 * g.mean()
    # Back to raw features: z = (x - mean) / std.
    raw_w = w / std
    raw_b = b - float(np.sum(w * mean / std))
    p = 1 / (1 + np.exp(-(x @ raw_w + raw_b)))
    best_t, best_acc = 0.5, -1.0
    for t in np.linspace(0.2, 0.8, 61):
        acc = balanced_accuracy(p >= t, y.astype(bool))
        if acc > best_acc:
            best_t, best_acc = float(t), acc
    return {"weights": {f: round(float(v), 5) for f, v in zip(COVERAGE_FEATURES, raw_w)},
            "bias": round(raw_b, 5), "threshold": round(best_t, 3), "train_balanced_accuracy": round(best_acc, 3)}


def balanced_accuracy(predicted: np.ndarray, actual: np.ndarray) -> float:
    parts = [float((predicted[actual == c] == c).mean()) for c in (True, False) if (actual == c).any()]
    return float(np.mean(parts)) if parts else 0.0


def rescore(samples: Sequence[Sample], weights: dict[str, float]) -> None:
    """Recompute each sample's best-candidate coverage features under new ranking weights."""
    w = np.array([weights[f] for f in FEATURES])
    for s in samples:
        if not len(s.features):
            continue
        scores = linear_scores(s.features, w, s.intro)
        top = int(np.argmax(scores))
        s.coverage = {**s.coverage, "score": float(scores[top]), "dense": float(s.features[top, 0]),
                      "lexical": float(s.features[top, 1]), "title": float(s.features[top, 2]),
                      "profile": float(s.features[top, 3]), "document": float(s.features[top, 4])}
