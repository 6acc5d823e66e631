"""GapService against a real store (SQLite and PostgreSQL): topics, counts, trends, rulings, "policy requested"."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from bot.application.escalations.errors import Conflict, NotFound
from bot.application.escalations.tables import questions
from bot.application.gaps.period import parse_period
from bot.application.gaps.service import GapService
from tests.bot.application.gaps.questions import PETS, SICK_LEAVE, asked_on

MONDAY = date(2026, 11, 2)


def _period(since=MONDAY, until=MONDAY + timedelta(days=27), collection=None):
    return parse_period(since, until, collection)


def _term(store):
    """Sick leave asked by four people over three weeks (one answered with a ruling), pets by three in one week,
    two one-off questions, and answered questions that are no gap at all."""
    ids = {}
    for n, text in enumerate(SICK_LEAVE):
        ids[text] = asked_on(store, MONDAY + timedelta(days=7 * (n // 2) + n), text, open_one=True,
                             asker_id=f"U{n}")
    for n, text in enumerate(PETS[:3]):
        ids[text] = asked_on(store, MONDAY + timedelta(days=14 + n), text, escalate=True, asker_id=f"P{n % 2}")
    asked_on(store, MONDAY + timedelta(days=3), "Can I friend a student on Facebook?", escalate=True)
    asked_on(store, MONDAY + timedelta(days=4), "What is the dress code on Fridays?", escalate=True)
    for n in range(3):
        asked_on(store, MONDAY + timedelta(days=n), f"Can I take my class on a field trip number {n}?",
                 escalate=False)
    return ids


def test_groups_names_and_counts_the_periods_unanswered_questions(gaps, store):
    ids = _term(store)
    first = store.list_escalations(search="sick day to care")[0]
    store.answer(first.id, by="Dr. Lee", text="Yes: up to five days a year for a parent.", save_as_ruling=True)
    report = gaps.report(_period())
    assert (report.asked, report.unanswered, report.single, report.truncated) == (12, 9, 2, False)
    sick, pets = report.topics
    assert "sick" in sick.words and "leave" in sick.words
    assert set(sick.question_ids) == {ids[t] for t in SICK_LEAVE}
    assert (sick.questions, sick.askers, sick.escalated, sick.open_escalations) == (4, 4, 4, 3)
    assert (pets.questions, pets.askers, pets.escalated) == (3, 2, 0)       # two people, three questions
    assert sick.collections == ("kimberly",)
    assert [n for _, n in sick.weekly] == [2, 2, 0, 0] and [n for _, n in pets.weekly] == [0, 0, 3, 0]
    assert [n for _, n in report.weekly] == [4, 2, 3, 0]
    assert len(sick.examples) == 3 and all(e.escalation_id for e in sick.examples)
    assert {e.question for e in sick.examples} <= set(SICK_LEAVE)
    assert [(r.answer, r.active) for r in sick.rulings] == [("Yes: up to five days a year for a parent.", True)]
    assert pets.rulings == [] and sick.requested is None


def test_period_and_collection_bound_the_report(gaps, store):
    _term(store)
    asked_on(store, MONDAY + timedelta(days=20), SICK_LEAVE[0], escalate=True, collection="jndc")
    asked_on(store, MONDAY + timedelta(days=21), SICK_LEAVE[1], escalate=True, collection="jndc")
    only_jndc = gaps.report(_period(collection="jndc"))
    assert [t.questions for t in only_jndc.topics] == [2] and only_jndc.asked == 2
    first_week = gaps.report(_period(until=MONDAY + timedelta(days=6), collection="kimberly"))
    assert [t.questions for t in first_week.topics] == [2] and first_week.unanswered == 4
    assert gaps.report(_period(since=date(2025, 1, 1), until=date(2025, 1, 31))).topics == []


def test_the_same_questions_give_the_same_topics(gaps, store):
    _term(store)
    one, two = gaps.report(_period()), gaps.report(_period())
    assert [(t.name, t.question_ids) for t in one.topics] == [(t.name, t.question_ids) for t in two.topics]


def test_vectors_are_remembered_between_reports(gaps, store, embedder):
    _term(store)
    gaps.report(_period())
    assert len(embedder.encoded) == 9
    asked_on(store, MONDAY + timedelta(days=22), PETS[3], escalate=True)
    gaps.report(_period())
    assert embedder.encoded[9:] == [PETS[3]]


def test_purged_questions_are_left_out(gaps, store):
    ids = _term(store)
    with store.engine.begin() as conn:
        conn.execute(sa.update(questions).where(questions.c.id == ids[PETS[0]]).values(question=""))
    pets = [t for t in gaps.report(_period()).topics if ids[PETS[1]] in t.question_ids][0]
    assert pets.questions == 2


def test_only_the_newest_questions_are_grouped_past_the_limit(store, embedder):
    _term(store)
    report = GapService(store, embedder, max_questions=4).report(_period())
    assert report.truncated and report.unanswered == 4
    assert [t.questions for t in report.topics] == [3]          # the pets questions came last


def test_policy_requested_is_saved_and_survives_regrouping(gaps, store):
    ids = _term(store)
    saved = gaps.request_policy(_period(), ids[SICK_LEAVE[1]], by="principal")
    assert saved.questions == 4 and "sick" in saved.name and saved.requested_by == "principal"
    # More questions on the topic, a narrower period: a different grouping, the same topic.
    asked_on(store, MONDAY + timedelta(days=25), "Are we allowed sick leave to nurse an ill parent?", escalate=True)
    for period in (_period(), _period(since=MONDAY + timedelta(days=7)), _period(until=MONDAY + timedelta(days=6))):
        topics = {t.anchor: t for t in gaps.report(period).topics}
        marked = [t for t in topics.values() if t.requested]
        assert len(marked) == 1 and marked[0].requested.id == saved.id
        assert set(marked[0].question_ids) <= set(ids.values()) | {max(marked[0].question_ids)}
        assert any(w in marked[0].words for w in ("sick", "leave"))
    with pytest.raises(Conflict, match="already requested"):
        gaps.request_policy(_period(), ids[SICK_LEAVE[0]], by="principal")
    # A period without the topic lists the request apart.
    elsewhere = gaps.report(_period(since=MONDAY + timedelta(days=14), until=MONDAY + timedelta(days=20)))
    assert [s.id for s in elsewhere.requested_elsewhere] == [saved.id]
    assert not any(t.requested for t in elsewhere.topics)
    gaps.withdraw(saved.id)
    assert not any(t.requested for t in gaps.report(_period()).topics)
    with pytest.raises(NotFound):
        gaps.withdraw(saved.id)


def test_requesting_a_question_in_no_topic_is_not_found(gaps, store):
    _term(store)
    lonely = asked_on(store, MONDAY + timedelta(days=5), "Who repaints the gym lines?", escalate=True)
    with pytest.raises(NotFound, match="reload the page"):
        gaps.request_policy(_period(), lonely, by="principal")
    with pytest.raises(NotFound):
        gaps.request_policy(_period(), 2**40, by="principal")
