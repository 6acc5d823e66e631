"""Is the question covered by the collection at all? A small logistic model over retrieval evidence.

One cosine threshold for every corpus does not transfer: on a single social-media policy the right clause
scores 0.6, on a whole manual 0.35–0.6, in a collection of NDAs everything scores high. The decision is
therefore made from evidence that means the same in any collection:

- `score`, `dense`, `lexical`: the best candidate's fused score and its two parts (the lexical part already
  weighs words the collection has never seen the most);
- `title`, `profile`: how well the best candidate's document title and headings match the question;
- `standout`: how far the best dense match stands above the next ten (a covered question has a clear
  winner; an uncovered one gets a flat list of near-misses);
- `agreement`: whether the best candidate is in both retrievers' top three;
- `unseen`: the share of the question's own words (IDF-weighted) that the collection never uses: "jury duty"
  in a manual without juries;
- `doc_terms`: the share of the question's concepts that the best candidate's document uses anywhere.

The weights are fitted by `policybot train` (`knowledge/learning/fit.py`) on our labelled staff question sets (four
corpora: two social-media policies, West Ada's three technology policies, the Minuteman manual) and shipped
in `knowledge/trained/coverage.json`.
Without that file, the best score is compared with `RetrievalSettings.min_relevance`.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from knowledge.models import ScoredClause
from knowledge.learning.ranker import TRAINED

COVERAGE_FEATURES = ("score", "dense", "lexical", "title", "profile", "document", "standout", "agreement",
                     "unseen", "doc_terms")


def coverage_features(hits: Sequence[ScoredClause]) -> dict[str, float]:
    best = hits[0]
    f = best.features
    return {"score": best.score, "dense": best.dense, "lexical": best.lexical, "title": f.get("title", 0.0),
            "profile": f.get("profile", 0.0), "document": f.get("document", 0.0),
            "standout": f.get("standout", 0.0), "agreement": f.get("agreement", 0.0),
            "unseen": f.get("unseen", 0.0), "doc_terms": f.get("doc_terms", 0.0)}


@dataclass(frozen=True)
class CoverageModel:
    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5          # probability of "covered" at or above which the question is answered

    @classmethod
    def load(cls, path: Path | None = None) -> "CoverageModel | None":
        path = path or TRAINED / "coverage.json"
        if not path.is_file():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(raw["weights"]) - set(COVERAGE_FEATURES)
        if unknown:
            raise ValueError(f"{path}: unknown coverage feature(s) {sorted(unknown)}")
        return cls({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]),
                   float(raw.get("threshold", 0.5)))

    def probability(self, hits: Sequence[ScoredClause]) -> float:
        if not hits:
            return 0.0
        f = coverage_features(hits)
        z = self.bias + sum(w * f[name] for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z))

    def covered(self, hits: Sequence[ScoredClause]) -> bool:
        return self.probability(hits) >= self.threshold
