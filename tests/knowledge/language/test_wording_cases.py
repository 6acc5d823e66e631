"""Clause wordings of other organisations (wording_cases.yaml) against the engine's reading.

Each row is a real published clause with the stance and exception kind a careful reader gives it, and
often a staff question with the verdict that clause alone should give.
"""
from pathlib import Path

import pytest
import yaml

from knowledge.answer import answer
from knowledge.models import Clause, ScoredClause
from knowledge.settings import RetrievalSettings
from knowledge.verdict import clause_stance

ROWS = yaml.safe_load((Path(__file__).parent / "wording_cases.yaml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.wording


def _value(x) -> str:
    """Enum or plain string; an absent exception reads as "none"."""
    return str(getattr(x, "value", x) or "none")


def _clause(row: dict) -> Clause:
    return Clause(id="wording", doc_id="wording", document=row["org"], section="", locator="", text=row["text"])


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['org']} | {r['phrase']}" for r in ROWS])
def test_stance_and_exception_kind(row):
    stance = clause_stance(_clause(row))
    assert (_value(stance.kind), _value(stance.exception_kind)) == (row["stance"], row["exception_kind"])


class _OnlyThisClause:
    def __init__(self, clause):
        self.hits = [ScoredClause(clause, 0.9, 0.9, 0.9)]

    def search(self, question, k=None):
        return self.hits


QUESTIONS = [r for r in ROWS if r.get("question")]


@pytest.mark.parametrize("row", QUESTIONS, ids=[f"{r['org']} | {r['question']}" for r in QUESTIONS])
def test_verdict_from_the_clause_alone(row):
    a = answer(row["question"], retriever=_OnlyThisClause(_clause(row)), settings=RetrievalSettings())
    assert a.verdict.value == row["verdict"], a.summary
