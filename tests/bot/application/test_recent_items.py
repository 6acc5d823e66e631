"""bot/application/recent_items.py: the adapters' memory of what they sent last."""
from __future__ import annotations

import threading

import pytest

from bot.application.recent_items import RecentItems


def test_remembers_by_key_and_forgets_the_oldest_first():
    recent: RecentItems[int, str] = RecentItems(max_items=2)
    recent.put(1, "one")
    recent.put(2, "two")
    recent.put(3, "three")
    assert (recent.get(1), recent.get(2), recent.get(3)) == (None, "two", "three")
    assert len(recent) == 2


def test_putting_a_key_again_replaces_it_and_makes_it_the_newest():
    recent: RecentItems[int, str] = RecentItems(max_items=2)
    recent.put(1, "one")
    recent.put(2, "two")
    recent.put(1, "one, updated")
    recent.put(3, "three")
    assert (recent.get(1), recent.get(2), recent.get(3)) == ("one, updated", None, "three")


def test_unknown_keys_are_none():
    assert RecentItems(max_items=5).get(42) is None


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError):
        RecentItems(max_items=0)


def test_many_threads_never_push_it_past_its_size():
    recent: RecentItems[int, int] = RecentItems(max_items=50)

    def fill(start: int) -> None:
        for key in range(start, start + 2000):
            recent.put(key, key)
            recent.get(key - 7)

    threads = [threading.Thread(target=fill, args=(n * 10_000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recent) == 50
