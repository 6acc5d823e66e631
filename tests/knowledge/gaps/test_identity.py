"""A saved topic is found again by its centroid (same encoder) or by its name (encoder changed)."""
from __future__ import annotations

import numpy as np

from knowledge.gaps.identity import Fingerprint, match_topics


def _fp(vector, encoder="m1", name="x"):
    v = np.asarray(vector, dtype=np.float32)
    return Fingerprint(v / np.linalg.norm(v), encoder, name)


def test_close_centroids_match_far_ones_do_not():
    topics = [_fp([1, 0.1, 0]), _fp([0, 1, 0]), _fp([0, 0, 1])]
    saved = [_fp([0, 0.2, 1]), _fp([1, 0, 0]), _fp([1, 1, 1])]
    assert match_topics(topics, saved) == {0: 1, 2: 0}


def test_one_to_one_the_closest_pair_first():
    topics = [_fp([1, 0.3]), _fp([1, 0.05])]
    saved = [_fp([1, 0])]
    assert match_topics(topics, saved) == {1: 0}


def test_another_encoder_matches_by_name_only():
    topics = [_fp([1, 0], "m2", "sick · leave"), _fp([0, 1], "m2", "pets")]
    saved = [_fp([1, 0, 0], "m1", "pets"), _fp([1, 0, 0], "m1", "dress code")]
    assert match_topics(topics, saved) == {1: 0}
