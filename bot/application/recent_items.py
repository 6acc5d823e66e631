"""`RecentItems`: a small, thread-safe memory of the last items sent, by key, the oldest forgotten first.

The chat adapters keep what they sent recently so that a later button press can act on it without a
database read: Slack its answers ("Share in channel"), Teams its answer cards (updated in place after a
press). Memory only: after a restart nothing is known, and each adapter says what it does then.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class RecentItems(Generic[K, V]):
    """The last `max_items` values by key; putting a key again makes it the newest."""

    def __init__(self, max_items: int):
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self._items: OrderedDict[K, V] = OrderedDict()
        self._max = max_items
        self._lock = threading.Lock()

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._items.get(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
