"""The learned verdict head: fits what the evidence says, round-trips through its file, refuses a stale one,
and overrides the hand rules inside answer() only through the one evidence record."""
from __future__ import annotations

import json

import numpy as np
import pytest

from knowledge.language import ExceptionKind, StanceKind
from knowledge.learning.verdict_head import (BLOCKS, CLASSES, TYPED_FEATURES, VerdictEvidence, VerdictHead,
                                             accuracy, fit_verdict_head)
from knowledge.models import Verdict


def evidence(question: str, stance: StanceKind, rule: Verdict, seed: int) -> VerdictEvidence:
    rng = np.random.default_rng(seed)
    q, c = rng.normal(size=8), rng.normal(size=8)
    return VerdictEvidence(question, q / np.linalg.norm(q), c / np.linalg.norm(c), stance, ExceptionKind.NONE, rule)


def data(n: int = 120):
    """Labels follow the clause's stance, not the rules' verdict (which is always informational here)."""
    ev, labels = [], []
    truth = {StanceKind.PROHIBITS: Verdict.PROHIBITED, StanceKind.PERMITS: Verdict.ALLOWED,
             StanceKind.DESCRIBES: Verdict.INFORMATIONAL}
    for i in range(n):
        stance = list(truth)[i % 3]
        ev.append(evidence(f"can i do thing {i}?", stance, Verdict.INFORMATIONAL, i))
        labels.append(truth[stance])
    return ev, labels


def test_the_head_learns_what_the_typed_language_says():
    ev, labels = data()
    head = fit_verdict_head(ev[:90], labels[:90], l2=1.0)
    assert accuracy(head, ev[90:], labels[90:]) == 1.0
    assert sum(e.rule_verdict is v for e, v in zip(ev[90:], labels[90:])) / 30 < 0.5   # the rules alone do worse


def test_the_typed_record_names_every_feature_once():
    assert len(TYPED_FEATURES) == len(set(TYPED_FEATURES))
    e = evidence("how many days do i get?", StanceKind.REQUIRES, Verdict.INFORMATIONAL, 1)
    on = {name for name, v in zip(TYPED_FEATURES, e.typed()) if v}
    assert {"stance:requires", "rule:informational", "question:wh", "exception:none"} <= on
    assert len(e.vector(("typed", "question"))) == len(TYPED_FEATURES) + 8


def test_parameters_round_trip_and_a_stale_file_is_refused(tmp_path):
    ev, labels = data(60)
    head = fit_verdict_head(ev, labels, blocks=("typed", "clause"), encoder="enc-1")
    path = tmp_path / "verdict.json"
    path.write_text(head.to_json(), encoding="utf-8")
    again = VerdictHead.load(path)
    assert again.blocks == ("typed", "clause") and again.encoder == "enc-1"
    assert again.reads("enc-1") and not again.reads("minilm-l6-v2")
    assert [again.predict(e)[0] for e in ev] == [head.predict(e)[0] for e in ev]
    raw = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**raw, "encoder": ""}), encoding="utf-8")
    with pytest.raises(ValueError, match="which encoder"):
        VerdictHead.load(path)
    raw["typed"] = raw["typed"][:-1]
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="other classes or features"):
        VerdictHead.load(path)
    assert VerdictHead.load(tmp_path / "missing.json") is None
    assert set(BLOCKS) >= set(again.blocks) and len(CLASSES) == 4


def test_answer_takes_the_heads_verdict_and_words_it_from_the_same_clause(engine):
    from knowledge.answer import answer, deliberate, verdict_evidence

    retriever = engine.retriever()
    question = "can I text a student about practice?"
    d = deliberate(question, retriever=retriever, settings=engine.settings.retrieval, coverage=engine.coverage)
    e = verdict_evidence(d, retriever)
    assert e is not None and e.question == question
    width = len(e.vector(("typed",)))
    always = {v: VerdictHead(np.zeros((4, width)), np.array([5.0 if c is v else 0.0 for c in CLASSES]), np.zeros(width),
                             np.ones(width), ("typed",)) for v in (Verdict.PROHIBITED, Verdict.INFORMATIONAL)}
    no = answer(question, retriever=retriever, settings=engine.settings.retrieval, coverage=engine.coverage,
                verdict_head=always[Verdict.PROHIBITED])
    info = answer(question, retriever=retriever, settings=engine.settings.retrieval, coverage=engine.coverage,
                  verdict_head=always[Verdict.INFORMATIONAL])
    assert no.verdict is Verdict.PROHIBITED and no.summary.startswith("Not allowed:")
    assert info.verdict is Verdict.INFORMATIONAL and not info.summary.startswith(("Not allowed", "Allowed"))
    assert no.citations == info.citations        # the head decides the verdict, never what is cited


def test_the_engine_uses_the_head_only_with_the_encoder_it_was_fitted_on(tmp_path, hash_embedder):
    """Another encoder's vectors mean nothing to the head (and have another width): the hand rules decide."""
    from bot.application.engine import Engine
    from bot.application.settings import load_settings

    engine = Engine(load_settings(path=tmp_path / "none.yaml", env={}, data_dir=tmp_path), embedder=hash_embedder)
    ev, labels = data(60)
    engine.verdict_head = fit_verdict_head(ev, labels, blocks=("typed", "question"), encoder="another-encoder")
    answer = engine.ask("Must staff keep records of their texts with students?")
    assert answer.question and engine._verdict_head() is None
    engine.verdict_head = fit_verdict_head(ev, labels, blocks=("typed",), encoder="minilm-l6-v2")
    assert engine._verdict_head() is engine.verdict_head       # the hash embedder counts as the base model
