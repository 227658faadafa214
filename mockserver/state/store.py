"""The one interface every stateful resource keeps its objects behind, and its in-memory form.

A ``StateStore`` hands out typed ``Table``s (one per kind of object: stored completions, files,
uploads, batches, ...) and keeps the bytes of uploaded files as blobs beside them. Two
implementations: ``MemoryStore`` (the default, one process) and ``SqliteStore`` (``--state-dir``:
durable, shared by every worker). A resource's backend takes the store and asks it for its
tables; it never knows which store it has.

Contract of every store:
- ``insert`` writes the object's blobs durably first, then the object, in one commit: once it
  returns, the object survives a crash, and a crash before that leaves nothing visible.
- ``update`` is a read-modify-write no other request can interleave with.
- ``values`` lists a table in insertion order; what another worker committed is seen at once.
- ``atomic()`` groups writes to several tables into one commit (an Upload completing into a
  File); calls nest.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
Row = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Codec(Generic[T]):
    """How a table's typed objects become JSON-able rows and back."""

    encode: Callable[[T], Row]
    decode: Callable[[Row], T]


def dict_codec() -> Codec[Row]:
    """Objects that are already plain JSON objects."""
    return Codec(encode=dict, decode=dict)


def dataclass_codec(cls: type[T]) -> Codec[T]:
    """A frozen dataclass of JSON-able fields, kept as its fields."""
    return Codec(encode=dataclasses.asdict, decode=lambda row: cls(**row))  # type: ignore[arg-type]


class Table(Protocol[T]):
    """One kind of object, keyed by id."""

    name: str

    def insert(
        self, key: str, item: T, *, created: int, blobs: Mapping[str, bytes] | None = None
    ) -> T: ...

    def put(self, key: str, item: T, *, created: int = 0) -> T: ...

    def get(self, key: str) -> T | None: ...

    def update(self, key: str, change: Callable[[T], T]) -> T | None: ...

    def delete(self, key: str, *, blobs: tuple[str, ...] = ()) -> T | None: ...

    def values(self) -> list[T]: ...

    def __len__(self) -> int: ...


class StateStore(Protocol):
    """Where the backends keep their objects (see the module's docstring)."""

    durable: bool

    def table(self, name: str, codec: Codec[T]) -> Table[T]: ...

    def blob(self, key: str) -> bytes | None:
        """The bytes kept under ``key`` by an ``insert`` (None when there are none)."""
        ...

    def atomic(self) -> AbstractContextManager[None]: ...

    def numbers(self, prefix: str) -> Iterator[int] | None:
        """Where the ids of ``prefix`` get their numbers (None: counted in this process)."""
        ...

    def clock_offset(self) -> float: ...

    def set_clock_offset(self, seconds: float) -> None: ...

    def clear(self) -> None:
        """Drop every object and blob (``/__mock__/reset``)."""
        ...

    def close(self) -> None: ...


class MemoryTable(Generic[T]):
    """A table in a dict: objects kept as given (they are immutable, or treated so)."""

    def __init__(self, name: str, store: MemoryStore) -> None:
        self.name = name
        self._store = store
        self._items: dict[str, T] = {}

    def insert(
        self, key: str, item: T, *, created: int, blobs: Mapping[str, bytes] | None = None
    ) -> T:
        with self._store.atomic():
            self._store.blobs.update(blobs or {})
            self._items[key] = item
        return item

    def put(self, key: str, item: T, *, created: int = 0) -> T:
        return self.insert(key, item, created=created)

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def update(self, key: str, change: Callable[[T], T]) -> T | None:
        with self._store.atomic():
            if key not in self._items:
                return None
            self._items[key] = change(self._items[key])
            return self._items[key]

    def delete(self, key: str, *, blobs: tuple[str, ...] = ()) -> T | None:
        with self._store.atomic():
            for blob in blobs:
                self._store.blobs.pop(blob, None)
            return self._items.pop(key, None)

    def values(self) -> list[T]:
        with self._store.atomic():
            return list(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


class MemoryStore:
    """Everything in this process's memory: gone with it, and with each reset."""

    durable = False

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._tables: dict[str, MemoryTable[Any]] = {}
        self.blobs: dict[str, bytes] = {}
        self._offset = 0.0

    def table(self, name: str, codec: Codec[T]) -> Table[T]:
        with self._lock:
            table = self._tables.setdefault(name, MemoryTable(name, self))
        return table

    def blob(self, key: str) -> bytes | None:
        return self.blobs.get(key)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            yield

    def numbers(self, prefix: str) -> Iterator[int] | None:
        return None

    def clock_offset(self) -> float:
        return self._offset

    def set_clock_offset(self, seconds: float) -> None:
        self._offset = seconds

    def clear(self) -> None:
        with self._lock:
            for table in self._tables.values():
                table.clear()
            self.blobs.clear()
            self._offset = 0.0

    def close(self) -> None:
        pass
