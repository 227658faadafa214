"""The durable store behind ``--state-dir DIR``: objects in SQLite (WAL, stdlib ``sqlite3``),
uploaded bytes as files under ``DIR/blobs``.

Crash safety (a ``kill -9`` at any instant): a blob is written to a temporary file, fsynced and
renamed into place before the row that names it is committed, and the handler answers only after
that commit. A crash before the commit leaves at most an unnamed blob, which nothing lists; a
crash after it loses nothing. ``synchronous=FULL`` makes every commit durable, not just atomic.

Several workers (processes) share one directory: each opens its own connection; SQLite's locks
serialise writers (``BEGIN IMMEDIATE``, waiting up to ``BUSY_TIMEOUT_MS``) and, in WAL mode, a
read sees every transaction committed before it began, whichever process committed it.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from .store import Codec, Table

T = TypeVar("T")

DATABASE = "state.sqlite3"
BLOBS = "blobs"
BUSY_TIMEOUT_MS = 30_000
# Ids are numbered in leased blocks: one write per block, and no two workers (or two runs of
# the server over one directory) ever number an id alike.
LEASE = 128

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    created INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (kind, id)
);
CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SqliteTable(Generic[T]):
    def __init__(self, name: str, codec: Codec[T], store: SqliteStore) -> None:
        self.name = name
        self._codec = codec
        self._store = store

    def _encode(self, item: T) -> bytes:
        return orjson.dumps(self._codec.encode(item))

    def _decode(self, data: bytes) -> T:
        return self._codec.decode(orjson.loads(data))

    def insert(
        self, key: str, item: T, *, created: int, blobs: Mapping[str, bytes] | None = None
    ) -> T:
        with self._store.atomic():
            for blob, data in (blobs or {}).items():
                self._store.write_blob(blob, data)
            self._store.execute(
                "INSERT INTO objects (kind, id, created, data) VALUES (?, ?, ?, ?)",
                (self.name, key, created, self._encode(item)),
            )
        return item

    def put(self, key: str, item: T, *, created: int = 0) -> T:
        with self._store.atomic():
            self._store.execute(
                "INSERT INTO objects (kind, id, created, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
                (self.name, key, created, self._encode(item)),
            )
        return item

    def get(self, key: str) -> T | None:
        rows = self._store.query(
            "SELECT data FROM objects WHERE kind = ? AND id = ?", (self.name, key)
        )
        return self._decode(rows[0][0]) if rows else None

    def update(self, key: str, change: Callable[[T], T]) -> T | None:
        with self._store.atomic():
            current = self.get(key)
            if current is None:
                return None
            changed = change(current)
            self._store.execute(
                "UPDATE objects SET data = ? WHERE kind = ? AND id = ?",
                (self._encode(changed), self.name, key),
            )
            return changed

    def delete(self, key: str, *, blobs: tuple[str, ...] = ()) -> T | None:
        with self._store.atomic():
            current = self.get(key)
            if current is None:
                return None
            self._store.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (self.name, key))
            self._store.after_commit(lambda: self._store.remove_blobs(blobs))
            return current

    def values(self) -> list[T]:
        rows = self._store.query(
            "SELECT data FROM objects WHERE kind = ? ORDER BY seq", (self.name,)
        )
        return [self._decode(data) for (data,) in rows]

    def __len__(self) -> int:
        rows = self._store.query("SELECT COUNT(*) FROM objects WHERE kind = ?", (self.name,))
        return int(rows[0][0])


class _Leases:
    """The numbers of one id prefix, from blocks leased in the database (thread-safe)."""

    def __init__(self, store: SqliteStore, prefix: str) -> None:
        self._store = store
        self._prefix = prefix
        self._lock = threading.Lock()
        self._block: Iterator[int] = iter(())

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        with self._lock:
            number = next(self._block, None)
            if number is None:
                start = self._store.lease(self._prefix, LEASE)
                self._block = iter(range(start, start + LEASE))
                number = next(self._block)
            return number


class SqliteStore:
    durable = True

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.blob_dir = self.directory / BLOBS
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._depth = 0
        self._pending: list[Callable[[], object]] = []
        self._written: list[Path] = []
        self._temp = itertools.count()
        self._conn = sqlite3.connect(
            self.directory / DATABASE,
            isolation_level=None,  # transactions are ours: BEGIN IMMEDIATE ... COMMIT
            check_same_thread=False,  # one connection per process, guarded by _lock
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        with self.atomic():  # workers starting together create the schema once
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)

    # --- the connection ------------------------------------------------------------------

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    query = execute

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._conn.execute("ROLLBACK")
                    self._forget_written()
                raise
            self._depth -= 1
            if outermost:
                self._conn.execute("COMMIT")
                self._written.clear()
                pending, self._pending = self._pending, []
                for action in pending:
                    action()

    def after_commit(self, action: Callable[[], object]) -> None:
        self._pending.append(action)

    # --- blobs ---------------------------------------------------------------------------

    def _blob_path(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ValueError(f"not a blob key: {key!r}")
        return self.blob_dir / key

    def write_blob(self, key: str, data: bytes) -> None:
        """``data`` under ``key``, on disk for good before this returns (temp, fsync, rename)."""
        final = self._blob_path(key)
        temp = self.blob_dir / f".tmp-{os.getpid()}-{next(self._temp)}-{key}"
        with open(temp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, final)
        _fsync_directory(self.blob_dir)
        self._written.append(final)

    def _forget_written(self) -> None:
        for path in self._written:
            path.unlink(missing_ok=True)
        self._written.clear()
        self._pending.clear()

    def remove_blobs(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            self._blob_path(key).unlink(missing_ok=True)

    def blob(self, key: str) -> bytes | None:
        try:
            return self._blob_path(key).read_bytes()
        except FileNotFoundError:
            return None

    # --- the StateStore interface --------------------------------------------------------

    def table(self, name: str, codec: Codec[T]) -> Table[T]:
        return SqliteTable(name, codec, self)

    def lease(self, prefix: str, size: int) -> int:
        with self.atomic():
            rows = self.execute(
                "INSERT INTO counters (prefix, next) VALUES (?, ?) ON CONFLICT (prefix) "
                "DO UPDATE SET next = next + ? RETURNING next",
                (prefix, size, size),
            )
        return int(rows[0][0]) - size

    def numbers(self, prefix: str) -> Iterator[int] | None:
        return _Leases(self, prefix)

    def clock_offset(self) -> float:
        rows = self.query("SELECT value FROM meta WHERE key = 'clock_offset'")
        return float(rows[0][0]) if rows else 0.0

    def set_clock_offset(self, seconds: float) -> None:
        with self.atomic():
            self.execute(
                "INSERT INTO meta (key, value) VALUES ('clock_offset', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (repr(float(seconds)),),
            )

    def clear(self) -> None:
        """Every object and blob goes; the id counters stay, so no id is ever given twice."""
        with self.atomic():
            self.execute("DELETE FROM objects")
            self.execute("DELETE FROM meta")
            self.after_commit(self._remove_all_blobs)

    def _remove_all_blobs(self) -> None:
        for path in self.blob_dir.iterdir():
            path.unlink(missing_ok=True)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
