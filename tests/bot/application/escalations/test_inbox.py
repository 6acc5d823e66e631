"""The durable inbox on SQLite and PostgreSQL: unique keys, exclusive claims, leases that run out."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.application.escalations import rows
from bot.application.escalations.inbox import DONE, PENDING, WORKING, Inbox, event_key
from bot.application.escalations.models import ReplyAddress

ADDRESS = ReplyAddress("slack", {"channel": "D1", "user": "U1"})


class Clock:
    def __init__(self):
        self.now = rows.now()

    def __call__(self):
        return self.now


def put(inbox, key="Ev1", text="can I text my team?"):
    return inbox.receive(platform="slack", key=key, text=text, reply_to=ADDRESS, asker_id="U1", channel="D1")


def test_a_key_is_received_once_per_platform(store):
    inbox = Inbox(store.engine)
    first = put(inbox)
    assert first is not None and put(inbox) is None
    assert inbox.seen("slack", "Ev1") and not inbox.seen("teams", "Ev1")
    assert inbox.receive(platform="teams", key="Ev1", text="x", reply_to=ADDRESS) is not None
    item = inbox.get(first)
    assert (item.status, item.text, item.reply_to, item.attempts) == (PENDING, "can I text my team?", ADDRESS, 0)


def test_long_keys_are_hashed_and_still_unique(store):
    inbox = Inbox(store.engine)
    long_a, long_b = "19:" + "a" * 400, "19:" + "a" * 399 + "b"
    assert event_key(long_a) != event_key(long_b) and len(event_key(long_a)) <= 255
    assert put(inbox, long_a) and put(inbox, long_b) and put(inbox, long_a) is None


def test_only_one_of_many_concurrent_claims_wins(store):
    inbox = Inbox(store.engine)
    item_id = put(inbox)
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda n: inbox.claim(item_id, owner=f"w{n}", lease_seconds=60), range(8)))
    winners = [c for c in claims if c is not None]
    assert len(winners) == 1 and winners[0].status == WORKING and winners[0].attempts == 1


def test_a_lapsed_lease_can_be_claimed_again_and_the_old_owner_cannot_finish(store):
    clock = Clock()
    inbox = Inbox(store.engine, clock=clock)
    item_id = put(inbox)
    assert inbox.claim(item_id, owner="dead", lease_seconds=30)
    assert inbox.claim(item_id, owner="other", lease_seconds=30) is None
    assert inbox.due(unclaimed_for=5) == []
    clock.now += timedelta(seconds=31)
    assert inbox.due(unclaimed_for=5) == [item_id]
    again = inbox.claim(item_id, owner="other", lease_seconds=30)
    assert again.attempts == 2
    assert not inbox.finish(item_id, owner="dead")
    assert inbox.finish(item_id, owner="other", question_id=7)
    assert inbox.get(item_id).status == DONE and inbox.get(item_id).question_id == 7
    assert inbox.claim(item_id, owner="third", lease_seconds=30) is None
    assert inbox.due(unclaimed_for=0) == []


def test_pending_items_become_due_after_a_grace_period(store):
    clock = Clock()
    inbox = Inbox(store.engine, clock=clock)
    item_id = put(inbox)
    assert inbox.due(unclaimed_for=5) == []
    clock.now += timedelta(seconds=6)
    assert inbox.due(unclaimed_for=5) == [item_id]
    assert inbox.counts() == {PENDING: 1}


def test_retention_purge_blanks_handled_inbox_text_but_keeps_pending(store):
    inbox = Inbox(store.engine)
    handled, waiting = put(inbox, "Ev1"), put(inbox, "Ev2")
    inbox.claim(handled, owner="w", lease_seconds=30)
    inbox.finish(handled, owner="w")
    store.purge_question_text(older_than_days=0)
    assert inbox.get(handled).text == "" and inbox.get(waiting).text == "can I text my team?"
    assert put(inbox, "Ev1") is None          # the key still dedupes
