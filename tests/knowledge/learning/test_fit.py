"""Fitting the ranker and the coverage model: the fits recover what the data says."""
import numpy as np

from bot.cli.train_samples import _normalised_with_offsets, _overlaps, hypothesis_question
from knowledge.learning.fit import Sample, balanced_accuracy, fit_coverage, fit_ranker, ranking_quality
from knowledge.learning.coverage import COVERAGE_FEATURES
from knowledge.learning.ranker import FEATURES


def sample(source, rows, correct_row, covered=True, cov=None):
    feats = np.zeros((len(rows), len(FEATURES)))
    for i, row in enumerate(rows):
        for name, value in row.items():
            feats[i, FEATURES.index(name)] = value
    correct = np.zeros(len(rows), dtype=bool)
    if correct_row is not None:
        correct[correct_row] = True
    return Sample(source, "q", covered, feats, correct, np.zeros(len(rows), dtype=bool),
                  cov or {f: 0.0 for f in COVERAGE_FEATURES})


def test_ranker_learns_which_feature_finds_the_right_clause():
    # The right clause always has the better title match and the worse dense match.
    samples = [sample("a", [{"dense": 0.9, "title": 0.1}, {"dense": 0.5, "title": 0.9}], 1) for _ in range(20)]
    w = fit_ranker(samples, trials=300)
    weights = np.array([w[f] for f in FEATURES])
    assert abs(sum(w.values()) - 1) < 1e-3
    assert ranking_quality(samples, weights) == 2.0          # hit@1 + MRR, both perfect
    assert ranking_quality(samples, np.array([1.0, 0, 0, 0, 0])) == 0.5   # dense alone ranks it second: 0 + 1/2


def test_coverage_fit_separates_covered_from_not_covered():
    rng = np.random.default_rng(1)
    samples = []
    for i in range(120):
        covered = i % 3 != 0
        cov = {f: float(rng.random()) for f in COVERAGE_FEATURES}
        cov["score"] = (0.55 if covered else 0.25) + float(rng.normal(0, 0.05))
        samples.append(sample("a" if i % 2 else "b", [{"dense": 0.5}], 0 if covered else None, covered, cov))
    model = fit_coverage(samples)
    assert model["weights"]["score"] > 0 and model["train_balanced_accuracy"] > 0.95
    assert balanced_accuracy(np.array([True, False, True]), np.array([True, False, False])) == 0.75


def test_hypotheses_become_questions_and_clauses_find_their_spans():
    assert hypothesis_question("Receiving Party shall not reverse engineer objects.") == \
        "Does the agreement say that receiving Party shall not reverse engineer objects?"
    text = "1. Definitions.\n  Confidential   Information means all data.\n2. Term. Three years."
    norm, offsets = _normalised_with_offsets(text)
    span = [text.index("Confidential"), text.index("data.") + 5]
    assert _overlaps("Confidential Information means all data.", norm, offsets, [span])
    assert not _overlaps("Term. Three years.", norm, offsets, [span])
    assert not _overlaps("Not in the text at all.", norm, offsets, [span])
