"""Two admins answering the same escalation at once: exactly one wins, the other gets Conflict.

Each admin uses its own EscalationStore (own engine, own connections), as two
web workers or a web worker and the Slack process would.
"""
from __future__ import annotations

import threading

import pytest

from bot.application.escalations.errors import Conflict
from bot.application.escalations.store import EscalationStore
from knowledge.models import EscalationReason
from tests.bot.application.escalations.factories import open_escalation


def _race(stores, action):
    """Run action(store, i) in one thread per store, released together; collect outcomes."""
    barrier = threading.Barrier(len(stores))
    outcomes: list = [None] * len(stores)

    def run(i, s):
        barrier.wait()
        try:
            outcomes[i] = action(s, i)
        except Exception as exc:     # the outcome under test, inspected below
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def two_stores(db_url):
    stores = [EscalationStore.open(db_url), EscalationStore.open(db_url)]
    yield stores
    for s in stores:
        s.close()


@pytest.mark.parametrize("round_", range(5))
def test_concurrent_answers_exactly_one_wins(two_stores, round_):
    esc = open_escalation(two_stores[0], f"Race {round_}")
    outcomes = _race(two_stores, lambda s, i: s.answer(esc.id, by=f"admin{i}", text=f"answer {i}",
                                                       save_as_ruling=True))
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict)
    stored = two_stores[1].get(esc.id)
    assert stored.answer == winners[0].answer and stored.answered_by == winners[0].answered_by
    assert stored.version == esc.version + 1
    assert len(two_stores[0].active_rulings("kimberly")) == 1


def test_same_expected_version_from_two_connections(two_stores):
    esc = open_escalation(two_stores[0])
    two_stores[0].resolve(esc.id, by="a", expected_version=esc.version)
    with pytest.raises(Conflict):
        two_stores[1].dismiss(esc.id, by="b", expected_version=esc.version)


REASONS = (EscalationReason.NOT_COVERED, EscalationReason.CONFLICT)


def test_concurrent_escalation_of_one_question_creates_one(two_stores):
    from tests.bot.application.escalations.factories import log_question
    record = log_question(two_stores[0])
    outcomes = _race(two_stores, lambda s, i: s.escalate(record.id, reason=REASONS[i], reply_to=None))
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert outcomes[0].id == outcomes[1].id
    assert len(two_stores[0].list_escalations()) == 1
