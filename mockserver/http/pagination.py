"""Cursor pagination as the real API does it: ``limit`` (1-100, default 20), ``order``,
``after``, ``before``, and the list envelope (``object``, ``data``, ``first_id``, ``last_id``,
``has_more``). One implementation for every list endpoint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from .params import query_int, query_order

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class PageQuery:
    limit: int
    order: str
    after: str | None
    before: str | None


def page_query(
    request: Request,
    *,
    default_order: str = "desc",
    with_before: bool = True,
    default_limit: int = DEFAULT_LIMIT,
    max_limit: int = MAX_LIMIT,
) -> PageQuery:
    """The list parameters of a request, with the real API's 400s for bad ones. Some lists
    (stored chat completions, files) take no ``before``: there it is ignored; files take up to
    10,000 at once, and that many by default."""
    query = request.query_params
    return PageQuery(
        limit=query_int(request, "limit", default_limit, minimum=1, maximum=max_limit),
        order=default_order if query.get("order") is None else query_order(request),
        after=query.get("after"),
        before=query.get("before") if with_before else None,
    )


def paginate(
    items: Iterable[dict[str, Any]],
    query: PageQuery,
    *,
    key: str = "created",
) -> dict[str, Any]:
    """A list page in the API's shape. Items are ordered by ``key`` (then insertion order) as
    ``query.order`` asks."""
    limit, order, after, before = query.limit, query.order, query.after, query.before
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


def paginate_in_order(items: list[dict[str, Any]], query: PageQuery) -> dict[str, Any]:
    """A list page of items kept in the order they were added (a response's input items, a
    conversation's items): ordered by position, not by a timestamp."""
    numbered = [dict(item, _position=k) for k, item in enumerate(items)]
    page = paginate(numbered, query, key="_position")
    page["data"] = [{k: v for k, v in item.items() if k != "_position"} for item in page["data"]]
    return page
