from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.http.pagination import PageQuery, paginate


def _items(n: int) -> list[dict[str, object]]:
    return [{"id": f"obj_{i:03d}", "created": 1000 + i} for i in range(n)]


def _query(limit: int, order: str = "desc", after: str | None = None) -> PageQuery:
    return PageQuery(limit=limit, order=order, after=after, before=None)


def test_first_page_descending() -> None:
    page = paginate(_items(5), _query(2))
    assert [d["id"] for d in page["data"]] == ["obj_004", "obj_003"]
    assert (page["first_id"], page["last_id"], page["has_more"]) == ("obj_004", "obj_003", True)
    empty = paginate([], _query(2))
    assert (empty["data"], empty["first_id"], empty["has_more"]) == ([], None, False)


def test_before_gives_the_page_just_before_the_cursor() -> None:
    page = paginate(_items(6), PageQuery(limit=2, order="asc", after=None, before="obj_004"))
    assert [d["id"] for d in page["data"]] == ["obj_002", "obj_003"]
    assert page["has_more"] is True


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 30), limit=st.integers(1, 10), order=st.sampled_from(["asc", "desc"]))
def test_walking_with_after_visits_each_item_once(n: int, limit: int, order: str) -> None:
    seen: list[object] = []
    after = None
    while True:
        page = paginate(_items(n), _query(limit, order, after))
        seen += [d["id"] for d in page["data"]]
        assert len(page["data"]) <= limit
        if not page["has_more"]:
            break
        after = page["last_id"]
    expected = [d["id"] for d in _items(n)]
    assert seen == (expected if order == "asc" else expected[::-1])
