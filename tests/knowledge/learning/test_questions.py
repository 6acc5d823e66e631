"""The written staff questions are a product asset: every row well formed, every fragment inside exactly the
clause the chunker makes of its document, no question twice, at least 15 % absent per manual, and each manual
either trained on or held out (never both)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.learning.questions import (HELD_OUT_MANUALS, QUESTIONS, TRAIN_MANUALS, QuestionKind, load_file,
                                          load_questions, manual_of, normalise)
from tests.knowledge.learning.check_questions import SHARED, check_file

FILES = sorted(QUESTIONS.glob("*.yaml"))


def test_the_split_is_by_whole_manual():
    assert not set(TRAIN_MANUALS) & set(HELD_OUT_MANUALS)
    assert {manual_of(p) for p in FILES} <= set(TRAIN_MANUALS) | set(HELD_OUT_MANUALS)
    assert HELD_OUT_MANUALS, "at least one whole manual is never trained on"


def test_there_are_thousands_of_questions_with_every_kind():
    rows = load_questions()
    assert len(rows) >= 5000
    kinds = Counter(r.kind for r in rows)
    assert all(kinds[k] for k in (QuestionKind.ANSWER, QuestionKind.CROSS, QuestionKind.ABSENT))


def test_no_question_is_asked_twice():
    seen = Counter(normalise(r.question) for r in load_questions())
    assert [q for q, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("manual", sorted({manual_of(p) for p in FILES}))
def test_at_least_15_percent_absent_per_manual(manual):
    rows = load_questions((manual,))
    assert sum(not r.covered for r in rows) / len(rows) >= 0.15


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_rows_are_valid_and_quote_their_clause(path: Path):
    if SHARED is None and manual_of(path) != "bundled":
        pytest.skip("../shared (the manuals) is not beside the repository")
    assert check_file(path) == []
    assert load_file(path)                      # and they read as typed rows


def test_the_checker_catches_a_fragment_outside_its_document(tmp_path):
    bad = tmp_path / "bundled--bad.yaml"
    bad.write_text('- {id: x1, q: "can i dm a kid on insta?", doc: "jndc-employee-use-of-social-media", '
                   'verdict: prohibited, kind: answer, clauses: ["words that the policy never says anywhere"]}\n'
                   '- {id: x2, q: "can i dm a kid on insta?", doc: null, verdict: allowed, kind: absent, clauses: []}\n',
                   encoding="utf-8")
    problems = "\n".join(check_file(bad))
    assert "fragment not inside one clause" in problems
    assert "duplicate question" in problems
    assert "absent row has verdict not_covered" in problems
