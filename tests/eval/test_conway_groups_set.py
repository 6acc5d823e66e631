"""The staff-group question set is well formed: known groups, real Conway documents, and the scoring it feeds."""
from pathlib import Path

import yaml

from knowledge.learning.evaluation_groups import GroupQuestion, evaluate, parse_set
from knowledge.models import Answer, Citation, Verdict
from tests.conftest import ROOT

SET = Path(__file__).with_name("conway_groups.yaml")
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), None)
CORPUS = SHARED / "corpora" / "conway-ar" if SHARED else None


def test_every_question_names_real_documents_for_known_groups():
    questions = parse_set(yaml.safe_load(SET.read_text(encoding="utf-8")))
    assert len(questions) >= 40 and len({q.id for q in questions}) == len(questions)
    docs = {p.stem for p in CORPUS.glob("*.md")} if CORPUS and CORPUS.is_dir() else None
    for q in questions:
        assert {"licensed", "classified"} <= set(q.expect), q.id
        assert len(set(q.expect.values())) == len(q.expect), q.id          # each group its own version
        if docs is not None:
            assert set(q.expect.values()) <= docs, q.id


def _answer(doc: str, competing=()) -> Answer:
    cited = (Citation(clause_id=f"{doc}:ab", document=doc, section="", locator="", text="t", score=0.5),) if doc else ()
    return Answer(question="q", verdict=Verdict.INFORMATIONAL, escalate=False, escalation_reason=None, summary="",
                  citations=cited, staff_groups=tuple(competing))


def test_scoring_counts_the_right_and_the_wrong_version_with_and_without_the_group():
    questions = [GroupQuestion("g1", "sick days?", {"licensed": "3-08", "classified": "8-05"})]

    def ask(question, group):
        return _answer({"licensed": "3-08", "classified": "8-05", None: "3-08"}[group], ("licensed", "classified"))

    f = evaluate(questions, ask)
    assert (f.pairs, f.right_with_group, f.right_without_group, f.wrong_without_group, f.would_ask) == (2, 2, 1, 1, 1)
    assert f.misses == [] and "100.0% (2/2)" in "\n".join(f.lines())
