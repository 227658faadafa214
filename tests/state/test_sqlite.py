"""The SQLite store behaves as the memory store does (the same contract), and keeps what it
committed across a reopen; id leases never overlap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver import Settings
from mockserver.clock import FixedClock
from mockserver.ids import IdGenerator
from mockserver.state import MockState
from mockserver.state.sqlite import LEASE, SqliteStore
from mockserver.state.store import MemoryStore, StateStore, dict_codec


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    made: StateStore = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path)
    yield made
    made.close()


def test_the_table_contract(store: StateStore) -> None:
    table = store.table("things", dict_codec())
    table.insert("a", {"v": 1}, created=5, blobs={"a": b"\x00bytes"})
    table.put("b", {"v": 2}, created=3)
    assert table.get("a") == {"v": 1} and store.blob("a") == b"\x00bytes"
    assert table.update("a", lambda d: {"v": d["v"] + 1}) == {"v": 2}
    assert table.update("missing", lambda d: d) is None
    assert [d["v"] for d in table.values()] == [2, 2] and len(table) == 2  # insertion order
    assert table.delete("a", blobs=("a",)) == {"v": 2}
    assert table.get("a") is None and store.blob("a") is None and table.delete("a") is None
    other = store.table("others", dict_codec())
    other.put("b", {"other": True})
    assert table.get("b") == {"v": 2}  # tables are apart
    store.clear()
    assert table.values() == [] and other.values() == []


def test_atomic_rolls_back_every_write(store: StateStore) -> None:
    table = store.table("things", dict_codec())
    with pytest.raises(RuntimeError), store.atomic():
        table.insert("a", {"v": 1}, created=1, blobs={"blob-a": b"x"})
        raise RuntimeError("a check failed half way")
    if store.durable:  # memory has no rollback; its backends check before they write
        assert table.get("a") is None and store.blob("blob-a") is None


def test_committed_objects_survive_a_reopen(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path)
    first.table("things", dict_codec()).insert("a", {"v": 1}, created=1, blobs={"a": b"xyz"})
    first.set_clock_offset(60)
    first.close()
    again = SqliteStore(tmp_path)
    assert again.table("things", dict_codec()).get("a") == {"v": 1}
    assert again.blob("a") == b"xyz" and again.clock_offset() == 60


def test_leases_never_overlap_across_stores_and_keep_single_worker_ids(tmp_path: Path) -> None:
    one, two = SqliteStore(tmp_path), SqliteStore(tmp_path)
    a, b = IdGenerator(0, one.numbers), IdGenerator(0, two.numbers)
    ids = [a.new("file-") for _ in range(LEASE + 5)] + [b.new("file-") for _ in range(LEASE + 5)]
    assert len(set(ids)) == len(ids)
    # A single fresh store numbers from 0, exactly as memory does.
    memory = IdGenerator(0)
    assert ids[:LEASE] == [memory.new("file-") for _ in range(LEASE)]


def test_stored_completions_over_sqlite(tmp_path: Path) -> None:
    settings = Settings(state_dir=str(tmp_path), clock=FixedClock(1_700_000_000))
    mock = MockState(settings)
    mock.backends.chat_completions.keep(
        {"id": "chatcmpl-x", "model": "gpt-4o", "created": 1},
        asked="gpt-4o",
        messages=[],
        metadata=None,
    )
    restarted = MockState(settings)
    assert restarted.backends.chat_completions.get("chatcmpl-x") is not None
    restarted.reset()
    assert mock.backends.chat_completions.get("chatcmpl-x") is None  # one store for both
