"""Which saved topic a freshly grouped topic is, so that "policy requested" outlives re-grouping.

Topics are computed anew for every period and every new question, so they have no lasting id.
A topic an admin marks is saved with its centroid (the mean direction of its questions'
vectors), the encoder that made it, and its name. A new topic *is* a saved one when:
- both centroids come from the same encoder and their cosine similarity is at least
  `MATCH_SIMILARITY` (the topic gained or lost some questions, but is about the same thing);
- or, when the encoder changed since (centroids cannot be compared), the names are equal.
Each saved topic matches at most one new topic and the other way round: the most similar
pairs are paired first (ties: earliest topic, then earliest saved topic).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["MATCH_SIMILARITY", "Fingerprint", "match_topics"]

MATCH_SIMILARITY = 0.8


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a topic across groupings."""

    centroid: np.ndarray        # unit vector
    encoder: str                # the encoder's id (knowledge.encoder_files.encoder_id)
    name: str


def _similarity(a: Fingerprint, b: Fingerprint) -> float | None:
    if a.encoder == b.encoder and a.centroid.shape == b.centroid.shape:
        return float(np.dot(a.centroid, b.centroid))
    return 1.0 if a.name and a.name == b.name else None


def match_topics(topics: Sequence[Fingerprint], saved: Sequence[Fingerprint],
                 threshold: float = MATCH_SIMILARITY) -> dict[int, int]:
    """{index in `topics`: index in `saved`} for the topics that are saved ones."""
    pairs = []
    for i, topic in enumerate(topics):
        for j, old in enumerate(saved):
            similarity = _similarity(topic, old)
            if similarity is not None and similarity >= threshold:
                pairs.append((-similarity, i, j))
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)
    return matched
