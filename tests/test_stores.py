from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.stores import Store, paginate


def _items(n: int) -> list[dict[str, object]]:
    return [{"id": f"obj_{i:03d}", "created": 1000 + i} for i in range(n)]


def test_store_put_get_delete_reset() -> None:
    store: Store[dict[str, int]] = Store("things")
    store.put("a", {"v": 1})
    assert store.get("a") == {"v": 1}
    assert store.update("a", lambda d: {"v": d["v"] + 1}) == {"v": 2}
    assert store.delete("a") == {"v": 2} and store.get("a") is None
    store.put("b", {"v": 3})
    store.reset()
    assert len(store) == 0


def test_first_page_descending() -> None:
    page = paginate(_items(5), limit=2, order="desc")
    assert [d["id"] for d in page["data"]] == ["obj_004", "obj_003"]
    assert (page["first_id"], page["last_id"], page["has_more"]) == ("obj_004", "obj_003", True)
    empty = paginate([], limit=2)
    assert (empty["data"], empty["first_id"], empty["has_more"]) == ([], None, False)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 30), limit=st.integers(1, 10), order=st.sampled_from(["asc", "desc"]))
def test_walking_with_after_visits_each_item_once(n: int, limit: int, order: str) -> None:
    seen: list[object] = []
    after = None
    while True:
        page = paginate(_items(n), limit=limit, order=order, after=after)
        seen += [d["id"] for d in page["data"]]
        assert len(page["data"]) <= limit
        if not page["has_more"]:
            break
        after = page["last_id"]
    expected = [d["id"] for d in _items(n)]
    assert seen == (expected if order == "asc" else expected[::-1])


def test_memo_keeps_the_most_recently_used() -> None:
    from mockserver.stores import Memo

    memo: Memo[str, int] = Memo(size=2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "a" is now the most recent
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)
    memo.reset()
    assert memo.get("a") is None
