"""The learned parts: ranking weights and the coverage model, as shipped and as loaded."""
import json

import pytest

from knowledge.learning.coverage import COVERAGE_FEATURES, CoverageModel, coverage_features
from knowledge.models import Clause, ScoredClause
from knowledge.learning.ranker import FEATURES, RankerWeights


def hit(score, **features):
    c = Clause(id="c", doc_id="d", document="D", section="", locator="", text="Employees shall not smoke.")
    return ScoredClause(c, score, features.get("dense", 0.0), features.get("lexical", 0.0), features)


def test_shipped_weights_are_a_convex_blend_of_known_features():
    w = RankerWeights.load()
    assert set(w.weights) <= set(FEATURES) and abs(sum(w.weights.values()) - 1) < 1e-9
    assert all(v > 0 for v in w.weights.values())
    full = {f: 1.0 for f in FEATURES}
    assert w.score(full) == pytest.approx(1.0)
    assert w.score(full, introduces_list=True) < w.score(full)


def test_missing_weights_file_falls_back_to_the_plain_blend(tmp_path):
    w = RankerWeights.load(tmp_path / "none.json")
    assert w.score({"dense": 0.5, "lexical": 1.0}) == pytest.approx(0.6 * 0.5 + 0.4)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"weights": {"dense": 0, "lexical": 0}}))
    with pytest.raises(ValueError):
        RankerWeights.load(bad)


def test_coverage_model_reads_the_best_hit_and_rejects_unknown_features(tmp_path):
    model = CoverageModel.load()
    assert model is not None and set(model.weights) <= set(COVERAGE_FEATURES)
    strong = hit(0.8, dense=0.8, lexical=0.9, title=0.6, profile=0.8, document=0.8, standout=0.2, agreement=1.0,
                 doc_terms=1.0)
    weak = hit(0.15, dense=0.15, lexical=0.0, title=0.05, profile=0.0, document=0.15, standout=0.0, unseen=1.0)
    assert model.covered([strong]) and not model.covered([weak])
    assert model.probability([]) == 0.0
    assert set(coverage_features([strong])) == set(COVERAGE_FEATURES)
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps({"weights": {"shoe_size": 1.0}, "bias": 0.0}))
    with pytest.raises(ValueError):
        CoverageModel.load(path)
    assert CoverageModel.load(tmp_path / "absent.json") is None
