"""Training triples: the positive holds the row's words, the hard negative never does, batches keep rows apart,
and the dense figures count a hit the way `policybot eval` does."""
from __future__ import annotations

import random

import numpy as np

from knowledge.learning.dense_eval import dense_figures
from knowledge.learning.encoder_fit import batches
from knowledge.learning.pairs import Triple, mine_triples
from knowledge.learning.questions import QuestionKind, StaffQuestion
from knowledge.models import Clause, Verdict

TEXTS = ["Staff shall not give students rides in personal vehicles.",
         "Employees may park in the north lot.",
         "Field trips require the principal's written approval.",
         "Staff may not accept gifts worth more than fifty dollars.",
         "Sick leave accrues at one day per month.",
         "Personal vehicles used for district business must be insured."]
CLAUSES = [Clause(id=f"c{i}", doc_id=f"d{i // 2}", document=f"Doc {i // 2}", section="", locator=f"¶ {i}", text=t)
           for i, t in enumerate(TEXTS)]
DOC_OF = {c.id: c.doc_id for c in CLAUSES}


def encode(texts):
    """A bag-of-words stand-in for the encoder: what is tested here is the mining, not the model."""
    vocab = sorted({w for t in TEXTS for w in t.lower().split()})
    out = np.array([[t.lower().split().count(w) + 0.01 for w in vocab] for t in texts], dtype=np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def row(i, q, doc, fragment, kind=QuestionKind.ANSWER):
    return StaffQuestion(f"r{i}", q, "m", doc, Verdict.PROHIBITED, kind, (fragment,) if fragment else ())


ROWS = [row(1, "can i drive a kid home in my car?", "d0", "give students rides in personal vehicles"),
        row(2, "can a parent give me a $100 gift card?", "d1", "accept gifts worth more than fifty dollars"),
        row(3, "can i bring my llama?", "", "", QuestionKind.ABSENT)]


def test_positives_hold_the_fragment_and_negatives_never_do():
    triples = mine_triples(ROWS, CLAUSES, DOC_OF, encode, window=(0, 6), seed=1)
    assert {t.row_id for t in triples} == {"r1", "r2"}          # absent rows teach the retriever nothing
    for t in triples:
        fragment = next(r.fragments[0] for r in ROWS if r.id == t.row_id)
        assert fragment in t.positive and fragment not in t.negative
        assert t.anchor.startswith(next(r.question for r in ROWS if r.id == t.row_id))


def test_a_batch_never_holds_a_row_twice():
    triples = [Triple(f"r{i % 5}", "m", f"q{i}", f"p{i}", "n") for i in range(40)]
    for batch in batches(triples, 8, random.Random(3)):
        assert len({t.row_id for t in batch}) == len(batch)
    assert sum(len(b) for b in batches(triples, 8, random.Random(3))) == 40


def test_dense_figures_count_the_answering_clause():
    figures = dense_figures(ROWS, CLAUSES, encode)
    assert figures.questions == 2 and 0.0 <= figures.hit_at_1 <= figures.hit_at_3 <= figures.hit_at_10 == 1.0
