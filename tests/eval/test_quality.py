"""Quality bars: the eval figures must not drop below what PolicyBot reaches.

Two kinds of set, kept apart on purpose:
- HELD_OUT: manuals no fitted part has seen (`knowledge.learning.questions.HELD_OUT_MANUALS`). These are the
  quality bars: they say how PolicyBot reads a manual it has never seen.
- REGRESSION: hand-written question sets over manuals whose OTHER questions were trained on. They only guard
  against regressions (the issue's "no regression on the bundled social-media questions"); a figure there
  says little about unseen manuals.

Raise a bar when a change improves it (the README lists the current figures);
a change that lowers one must be argued, not slipped in.
"""
from pathlib import Path

import pytest
import yaml

from knowledge.learning.evaluation import evaluate
from ingest.pipeline import ingest_paths
from tests.conftest import FIXTURES

EVAL = Path(__file__).parent

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MINUTEMAN = SHARED / "corpora" / "minuteman-ma"

# manual -> (minimum figures, maximum figures), over all its written questions (knowledge/learning/questions).
# Conway (1,834 questions, 132 policies) with the shipped parts (`make models`: the fine-tuned encoder, and the
# ranker, coverage model and verdict head fitted with it on the training manuals) reaches hit@1 0.357, hit@3
# 0.488, verdict 0.538, must-escalate escalated 0.749, answerable escalated 0.289. The bars sit about one point
# below (some 18 questions), which float differences between machines do not cross.
HELD_OUT = {
    "conway-ar": ({"hit@1": 0.35, "hit@3": 0.48, "verdict_accuracy": 0.53, "escalation_recall": 0.74},
                  {"false_escalation_rate": 0.30, "mean_citation_chars": 400}),
}

# set -> (collection, minimum figures, maximum figures). These guard the figures reached with the shipped parts,
# whatever they are; they are not quality bars (other questions over the same policies were trained on).
# The parts fitted with the fine-tuned encoder (issue 18) were chosen on the held-out manual, where they gain
# verdict accuracy 0.484 -> 0.538 and must-escalate escalated 0.607 -> 0.749 over the earlier ranker and
# coverage model (fitted with the off-the-shelf encoder, hand-rule verdicts) at the cost of answerable escalated
# 0.243 -> 0.289 and hit@3 0.509 -> 0.488. On the small bundled collection that same coverage model escalates
# more answerable questions: `more_questions.yaml` hit@1 0.875 -> 0.708, answerable escalated 0.045 -> 0.227
# (5 of 22); `questions.yaml` hit@1 0.800 -> 0.867 but verdict 0.938 -> 0.750 (the verdict head reads two
# "can I…?" questions differently). The README, Figures, lists both configurations; the guards follow what
# ships, both ways, one rounding step below.
REGRESSION = {
    "questions.yaml": (None, {"hit@1": 0.86, "hit@3": 0.93, "verdict_accuracy": 0.75, "escalation_recall": 1.0},
                       {"false_escalation_rate": 0.0, "mean_citation_chars": 400}),
    "more_questions.yaml": (None, {"hit@1": 0.70, "hit@3": 0.74, "verdict_accuracy": 0.74, "escalation_recall": 1.0},
                            {"false_escalation_rate": 0.23, "mean_citation_chars": 400}),
    "westada.yaml": ("westada", {"hit@1": 0.76, "hit@3": 0.84, "verdict_accuracy": 0.81, "escalation_recall": 1.0},
                     {"false_escalation_rate": 0.16, "mean_citation_chars": 400}),
    "minuteman.yaml": ("minuteman", {"hit@1": 0.43, "hit@3": 0.58, "verdict_accuracy": 0.62, "escalation_recall": 0.92},
                       {"false_escalation_rate": 0.35, "mean_citation_chars": 400}),
}


@pytest.fixture(scope="module")
def quality_engine(engine):
    ingest_paths(engine.store.collection("westada"), engine.embedder, [FIXTURES / "policies"])
    engine.invalidate("westada")
    if MINUTEMAN.is_dir():
        ingest_paths(engine.store.collection("minuteman"), engine.embedder, [MINUTEMAN])
        engine.invalidate("minuteman")
    return engine


def _check(name: str, figures: dict, minimum: dict, maximum: dict) -> None:
    low = {k: round(figures[k], 3) for k, bar in minimum.items() if figures[k] < bar}
    high = {k: round(figures[k], 3) for k, bar in maximum.items() if figures[k] > bar}
    assert not low and not high, f"{name}: below bar {low}, above bar {high}; all figures {figures}"


@pytest.mark.eval
@pytest.mark.parametrize("manual", list(HELD_OUT))
def test_held_out_manuals_stay_above_the_bars(engine, manual):
    from bot.cli.manuals import collection_for, manual_folder
    from knowledge.learning.questions import HELD_OUT_MANUALS, load_questions

    assert manual in HELD_OUT_MANUALS, "a quality bar holds only on a manual no fitted part has seen"
    folder = manual_folder(manual)
    if not folder.is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({folder})")
    name = collection_for(manual)
    ingest_paths(engine.store.collection(name), engine.embedder, [folder])
    engine.invalidate(name)
    entries = [row.as_eval_entry() for row in load_questions((manual,))]
    _check(manual, evaluate(engine, entries, name).figures(), *HELD_OUT[manual])


@pytest.mark.eval
@pytest.mark.parametrize("name", list(REGRESSION))
def test_regression_sets_stay_above_their_guards(quality_engine, name):
    collection, minimum, maximum = REGRESSION[name]
    if collection == "minuteman" and not MINUTEMAN.is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({MINUTEMAN})")
    entries = yaml.safe_load((EVAL / name).read_text(encoding="utf-8"))
    _check(name, evaluate(quality_engine, entries, collection).figures(), minimum, maximum)


def test_question_files_cite_real_policy_text():
    """Every expected clause fragment exists verbatim in the policies it is asked of (no typos in the bars)."""
    import re

    def norm(t):
        t = t.lower().replace("“", '"').replace("”", '"').replace("’", "'").replace("\u00a0", " ")
        return re.sub(r"\s+", " ", t)

    root = Path(__file__).resolve().parents[2]
    bundled = norm(" ".join(p.read_text(encoding="utf-8") for p in (root / "knowledge/bundled").glob("*.txt")))
    westada = norm(" ".join(p.read_text(encoding="utf-8") for p in (FIXTURES / "policies").glob("*.txt")))
    for name, (collection, _, _) in REGRESSION.items():
        if collection == "minuteman":
            continue                  # checked against the shared corpus by tests/eval/test_question_sets.py
        corpus = westada if collection == "westada" else bundled
        for entry in yaml.safe_load((EVAL / name).read_text(encoding="utf-8")):
            for fragment in entry["clauses"]:
                assert norm(fragment) in corpus, (name, entry["id"], fragment)
