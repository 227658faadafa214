"""In-memory stores for objects the API keeps (stored completions, files, assistants, ...).

Each store keeps insertion order, is safe across threads, and empties on ``reset()``; the
``paginate`` helper implements the API's cursor rules (``after``/``before``/``limit``/``order``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

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

    def reset(self) -> None:
        with self._lock:
            self._items.clear()


K = TypeVar("K")


class Memo(Generic[K, T]):
    """A bounded least-recently-used memo for results that are pure functions of their key."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[K, T] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K) -> T | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: K, item: T) -> None:
        with self._lock:
            self._items[key] = item
            if len(self._items) > self._size:
                self._items.popitem(last=False)

    def reset(self) -> None:
        with self._lock:
            self._items.clear()


def paginate(
    items: Iterable[dict[str, Any]],
    *,
    limit: int,
    order: str = "desc",
    after: str | None = None,
    before: str | None = None,
    key: str = "created",
) -> dict[str, Any]:
    """A list page in the API's shape: ``object``, ``data``, ``first_id``, ``last_id``,
    ``has_more``. Items are ordered by ``key`` (then insertion order) as ``order`` asks."""
    ordered = list(items)
    if order == "desc":
        ordered = list(reversed(ordered))
    ordered.sort(key=lambda item: item.get(key, 0), reverse=(order == "desc"))
    ids = [item["id"] for item in ordered]
    start = ids.index(after) + 1 if after in ids else 0
    end = ids.index(before) if before in ids else len(ordered)
    window = ordered[start:end]
    if before in ids and after is None:
        window = window[-limit:] if limit < len(window) else window
        page, has_more = window, len(ordered[start:end]) > limit
    else:
        page, has_more = window[:limit], len(window) > limit
    return {
        "object": "list",
        "data": page,
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
        "has_more": has_more,
    }
