"""Average-linkage grouping: similar questions together, distinct ones apart, always the same result."""
from __future__ import annotations

import numpy as np
import pytest

from knowledge.gaps.grouping import centroid, group_by_similarity
from tests.knowledge.gaps.embedding import shared_embedder

SICK_LEAVE = ["Can I take a sick day to care for my mother?",
              "may I use sick leave to look after my sick mom?",
              "Is sick leave allowed for caring for a parent?",
              "can I use my sick days when my dad is in hospital"]
PETS = ["Can I bring my dog to school?", "Are pets allowed in the classroom?",
        "can I keep a hamster in my classroom", "Is there a policy on bringing animals to class?"]
OTHERS = ["How many personal days do I get per year?", "Can I friend a student on Facebook?",
          "Can I give students candy as a reward?"]


def _unit(*rows) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_real_questions_group_by_what_they_ask():
    questions = [SICK_LEAVE[0], PETS[0], OTHERS[0], SICK_LEAVE[1], PETS[1], SICK_LEAVE[2], PETS[2], OTHERS[1],
                 SICK_LEAVE[3], PETS[3], OTHERS[2]]
    groups = group_by_similarity(shared_embedder().encode(questions), 0.45)
    as_text = [{questions[i] for i in g} for g in groups]
    assert set(SICK_LEAVE) in as_text
    assert set(PETS) in as_text
    for other in OTHERS:
        assert {other} in as_text


def test_deterministic_and_independent_of_repeats():
    vectors = shared_embedder().encode(SICK_LEAVE + PETS + OTHERS)
    first = group_by_similarity(vectors, 0.45)
    assert all(group_by_similarity(vectors.copy(), 0.45) == first for _ in range(3))
    assert first == sorted(first, key=lambda g: g[0]) and all(g == sorted(g) for g in first)


def test_ties_go_to_the_earliest_question():
    # Three identical directions and a fourth equally close to the first two: the merge order is fixed.
    vectors = _unit([1, 0], [1, 0], [1, 0], [0, 1])
    assert group_by_similarity(vectors, 0.9) == [[0, 1, 2], [3]]
    assert group_by_similarity(vectors, -1.0) == [[0, 1, 2, 3]]


def test_average_linkage_does_not_chain():
    # a-b and b-c are close, a-c is not: single linkage would chain all three, average linkage stops.
    a, b, c = _unit([1, 0, 0], [0.8, 0.6, 0], [0.28, 0.96, 0])
    groups = group_by_similarity(np.stack([a, b, c]), 0.75)
    assert len(groups) == 2 and [0, 1, 2] not in groups


def test_threshold_edges_and_empty_input():
    vectors = _unit([1, 0], [0, 1])
    assert group_by_similarity(vectors, 0.5) == [[0], [1]]
    assert group_by_similarity(vectors, 0.0) == [[0, 1]]
    assert group_by_similarity(np.zeros((0, 2), np.float32), 0.5) == []
    assert group_by_similarity(vectors[:1], 0.5) == [[0]]
    with pytest.raises(ValueError):
        group_by_similarity(vectors, 1.5)


def test_centroid_is_the_unit_mean_direction():
    c = centroid(_unit([1, 0], [0, 1]))
    assert np.allclose(c, [2 ** -0.5, 2 ** -0.5])
    assert abs(float(np.linalg.norm(c)) - 1.0) < 1e-6
