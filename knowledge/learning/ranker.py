"""How a candidate clause is scored: evidence from both retrievers and from the document it belongs to.

A board manual holds hundreds of policies, and staff rarely use a clause's words: "can I vape in my car in
the lot?" shares nothing with "No ... school personnel ... shall use a tobacco product". What does carry over
is the policy's subject. So each candidate is scored on five features, each in [0, 1]:

- `dense`: cosine of question and clause (the better of the clause in its context and the clause alone);
- `lexical`: IDF-weighted share of the question's concepts found in the clause, its heading and lead-in;
- `title`: cosine of question and the clause's document title (with its policy code);
- `profile`: share of the question's concepts found in the document's title, code and section headings;
- `document`: the strongest dense/lexical evidence any candidate clause of the same document gives, so that
  the policy a question is about outranks a stray clause from an unrelated one.

The score is a weighted sum of the features with non-negative weights that sum to 1, so it stays an absolute
relevance in [0, 1] (compared across questions by the coverage decision and by `keep_ratio`). The weights are
fitted by `policybot train` (`knowledge/learning/fit.py`) on labelled question sets and shipped in
`knowledge/trained/ranker.json`; without that file the score is the plain dense/lexical blend.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np

FEATURES = ("dense", "lexical", "title", "profile", "document")
TRAINED = Path(__file__).resolve().parents[1] / "trained"
INTRO_PENALTY = 0.85


@dataclass(frozen=True)
class RankerWeights:
    weights: Mapping[str, float] = field(default_factory=lambda: {"dense": 0.6, "lexical": 0.4})
    base_dense: float = 0.6         # the dense share of the per-clause evidence behind `document`

    @classmethod
    def load(cls, path: Path | None = None, *, dense_weight: float = 0.6) -> "RankerWeights":
        """The trained weights, or (without the file) `dense_weight` × dense + the rest × lexical."""
        path = path or TRAINED / "ranker.json"
        if not path.is_file():
            return cls({"dense": dense_weight, "lexical": 1 - dense_weight}, dense_weight)
        raw = json.loads(path.read_text(encoding="utf-8"))
        weights = {k: float(v) for k, v in raw["weights"].items() if k in FEATURES and float(v) > 0}
        total = sum(weights.values())
        if total <= 0:
            raise ValueError(f"{path}: the ranker's weights must have a positive sum")
        return cls({k: v / total for k, v in weights.items()}, float(raw.get("base_dense", 0.6)))

    def base(self, dense: float, lexical: float) -> float:
        return self.base_dense * dense + (1 - self.base_dense) * lexical

    def vector(self) -> np.ndarray:
        """The weights in the order of FEATURES (0 for a feature without weight)."""
        return np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float64)

    def score(self, features: Mapping[str, float], *, introduces_list: bool = False) -> float:
        row = np.array([[features.get(f, 0.0) for f in FEATURES]], dtype=np.float64)
        return float(linear_scores(row, self.vector(), np.array([introduces_list]))[0])


def linear_scores(rows: np.ndarray, weights: np.ndarray, intro: np.ndarray) -> np.ndarray:
    """The ranking score of each candidate: (candidates, len(FEATURES)) features -> (candidates,) scores.

    The one scoring function: retrieval scores a candidate with it, and fitting (`knowledge.learning.fit`)
    scores every candidate of a question with it under each weighting it tries."""
    # "... shall comply with the following:" introduces rules; the rules themselves (which carry it as their
    # lead-in) are the better citation.
    return rows @ weights * np.where(intro, INTRO_PENALTY, 1.0)
