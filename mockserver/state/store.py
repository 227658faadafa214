"""An in-memory store for objects the API keeps (stored completions, files, assistants, ...):
keeps insertion order and is safe across threads. A resource's backend holds its stores; a
reset builds the backend anew."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Store(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}
        self._lock = threading.RLock()

    def put(self, key: str, item: T) -> T:
        with self._lock:
            self._items[key] = item
        return item

    def get(self, key: str) -> T | None:
        with self._lock:
            return self._items.get(key)

    def delete(self, key: str) -> T | None:
        with self._lock:
            return self._items.pop(key, None)

    def values(self) -> list[T]:
        with self._lock:
            return list(self._items.values())

    def update(self, key: str, change: Callable[[T], T]) -> T | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items[key] = change(self._items[key])
            return self._items[key]

    def __len__(self) -> int:
        return len(self._items)
