"""Training triples for the retriever: a staff question, a clause that answers it, and a near miss.

Positives are the clauses of the row's document that hold one of its fragments. The hard negative is a
clause of the SAME manual that the untrained encoder ranks high for the question but that holds none of the
row's fragments (sampled, seeded, from a window of ranks below the very top, where unlabelled answers
would most likely sit). The anchor is the question as the engine encodes it (with the lexicon's
policy-register words, `knowledge.lexicon.expand`) and a clause is its matched text
(`Clause.search_text`), so the model learns on exactly what it sees at run time.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from knowledge.learning.questions import StaffQuestion, normalise
from knowledge.lexicon import expand
from knowledge.models import Clause

Encode = Callable[[Sequence[str]], np.ndarray]   # texts -> (n, d) unit vectors


@dataclass(frozen=True)
class Triple:
    row_id: str
    manual: str
    anchor: str
    positive: str
    negative: str


def answering(row: StaffQuestion, clauses: Sequence[Clause], doc_of: Mapping[str, str]) -> list[int]:
    """Indexes of the clauses of the row's document that contain one of its fragments."""
    fragments = [normalise(f) for f in row.fragments]
    return [i for i, c in enumerate(clauses)
            if doc_of[c.id] == row.doc and any(f in normalise(c.text) for f in fragments)]


def mine_triples(rows: Sequence[StaffQuestion], clauses: Sequence[Clause], doc_of: Mapping[str, str],
                 encode: Encode, *, window: tuple[int, int] = (2, 30), positives_per_row: int = 2,
                 seed: int = 13) -> list[Triple]:
    """Triples for the covered rows of ONE manual. `doc_of` maps clause id -> the row's `doc` key."""
    rng = random.Random(seed)
    texts = [c.search_text() for c in clauses]
    matrix = encode(texts)
    normalised = [normalise(c.text) for c in clauses]
    out: list[Triple] = []
    covered = [r for r in rows if r.covered]
    anchors = [expand(r.question) for r in covered]
    queries = encode(anchors) if anchors else np.zeros((0, matrix.shape[1]))
    for row, anchor, q in zip(covered, anchors, queries):
        good = answering(row, clauses, doc_of)
        if not good:
            continue
        fragments = [normalise(f) for f in row.fragments]
        order = np.argsort(-(matrix @ q))
        pool = [int(i) for i in order[: window[1]]
                if int(i) not in good and not any(f in normalised[int(i)] for f in fragments)
                and texts[int(i)] not in {texts[g] for g in good}]
        pool = pool[window[0]:] or pool
        for g in good[:positives_per_row]:
            if not pool:
                break
            out.append(Triple(row.id, row.manual, anchor, texts[g], texts[rng.choice(pool)]))
    return out
