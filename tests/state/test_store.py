from __future__ import annotations

from mockserver.state.store import MemoryStore, Table, dict_codec


def test_store_put_get_update_delete() -> None:
    store: Table[dict[str, int]] = MemoryStore().table("things", dict_codec())
    store.put("a", {"v": 1})
    assert store.get("a") == {"v": 1}
    assert store.update("a", lambda d: {"v": d["v"] + 1}) == {"v": 2}
    assert store.update("missing", lambda d: d) is None
    assert store.delete("a") == {"v": 2} and store.get("a") is None
    store.put("b", {"v": 3})
    store.put("c", {"v": 4})
    assert [item["v"] for item in store.values()] == [3, 4]  # insertion order
    assert len(store) == 2
