"""POST /v1/vector_stores/{id}/search: ranked by the deterministic embeddings (texts sharing
words with the query first), filters on attributes, score threshold, rewrite, the real 400s."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.resources.vector_stores import search
from tests.conftest import envelope
from tests.resources.vector_stores.helpers import (
    DOCS,
    check_search,
    create_store,
    upload,
)

ATTRIBUTES = {
    "cats.txt": {"topic": "pets", "year": 2021, "public": True},
    "rockets.md": {"topic": "space", "year": 2024, "public": False},
    "bread.html": {"topic": "food", "year": 2023, "public": True},
}


# What the store holds of each document (the HTML's text without its markup).
TEXTS = {
    "cats.txt": DOCS["cats.txt"].decode(),
    "rockets.md": DOCS["rockets.md"].decode(),
    "bread.html": "Bread\nBread is baked from flour, water, salt and yeast.",
}


@pytest.fixture
def store_id(mock_http: Any) -> str:
    store = create_store(mock_http, name="kb")
    files = [
        {"file_id": upload(mock_http, name, data), "attributes": ATTRIBUTES[name]}
        for name, data in DOCS.items()
    ]
    path = f"/v1/vector_stores/{store['id']}/file_batches"
    batch = mock_http.post(path, json={"files": files}).json()
    mock_http.get(f"{path}/{batch['id']}")
    return str(store["id"])


def _search(http: Any, store_id: str, **body: Any) -> Any:
    return http.post(f"/v1/vector_stores/{store_id}/search", json=body)


def _names(page: dict[str, Any]) -> list[str]:
    return [hit["filename"] for hit in page["data"]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Which rocket reaches orbit?", "rockets.md"),
        ("how is bread baked from flour", "bread.html"),
        ("my cat chases mice", "cats.txt"),
    ],
)
def test_texts_sharing_words_with_the_query_rank_first(
    mock_http: Any, store_id: str, query: str, first: str
) -> None:
    page = _search(mock_http, store_id, query=query).json()
    check_search(page)
    assert _names(page)[0] == first
    scores = [hit["score"] for hit in page["data"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert page["search_query"] == [query]
    assert page["data"][0]["content"][0]["text"] == TEXTS[first]
    assert page["data"][0]["attributes"] == ATTRIBUTES[first]


def test_same_request_same_bytes(mock_http: Any, store_id: str) -> None:
    first = _search(mock_http, store_id, query="rocket fuel").content
    assert _search(mock_http, store_id, query="rocket fuel").content == first


def test_max_num_results_and_threshold(mock_http: Any, store_id: str) -> None:
    one = _search(mock_http, store_id, query="rocket orbit", max_num_results=1).json()
    assert _names(one) == ["rockets.md"]
    top = one["data"][0]["score"]
    strict = _search(
        mock_http, store_id, query="rocket orbit", ranking_options={"score_threshold": top}
    ).json()
    assert _names(strict) == ["rockets.md"]
    none = _search(
        mock_http, store_id, query="rocket orbit",
        ranking_options={"ranker": "none", "score_threshold": 1.0},
    ).json()  # fmt: skip
    check_search(none)
    assert none["data"] == []


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"type": "eq", "key": "topic", "value": "food"}, ["bread.html"]),
        ({"type": "ne", "key": "topic", "value": "food"}, ["cats.txt", "rockets.md"]),
        ({"type": "gte", "key": "year", "value": 2023}, ["bread.html", "rockets.md"]),
        ({"type": "lt", "key": "year", "value": 2023}, ["cats.txt"]),
        ({"type": "in", "key": "topic", "value": ["pets", "space"]}, ["cats.txt", "rockets.md"]),
        ({"type": "nin", "key": "topic", "value": ["pets", "space"]}, ["bread.html"]),
        ({"type": "eq", "key": "public", "value": True}, ["bread.html", "cats.txt"]),
        ({"type": "eq", "key": "missing", "value": 1}, []),
        (
            {"type": "and", "filters": [
                {"type": "eq", "key": "public", "value": True},
                {"type": "gt", "key": "year", "value": 2022},
            ]},
            ["bread.html"],
        ),
        (
            {"type": "or", "filters": [
                {"type": "eq", "key": "topic", "value": "space"},
                {"type": "lte", "key": "year", "value": 2021},
            ]},
            ["cats.txt", "rockets.md"],
        ),
    ],
)  # fmt: skip
def test_filters_on_attributes(
    mock_http: Any, store_id: str, filters: dict[str, Any], names: list[str]
) -> None:
    page = _search(mock_http, store_id, query="anything at all", filters=filters).json()
    check_search(page)
    assert sorted(_names(page)) == names


def test_query_list_and_rewrite(mock_http: Any, store_id: str) -> None:
    listed = _search(mock_http, store_id, query=["rocket orbit", "baked bread"]).json()
    check_search(listed)
    assert listed["search_query"] == ["rocket orbit", "baked bread"]
    assert set(_names(listed)[:2]) == {"rockets.md", "bread.html"}
    rewritten = _search(
        mock_http, store_id, query="What is a rocket burning?", rewrite_query=True
    ).json()
    check_search(rewritten)
    assert rewritten["search_query"] == ["rocket burning"]
    assert _names(rewritten)[0] == "rockets.md"


def test_search_marks_the_store_active(mock_http: Any, store_id: str) -> None:
    mock_http.post("/__mock__/clock", json={"advance": 100})
    _search(mock_http, store_id, query="x")
    store = mock_http.get(f"/v1/vector_stores/{store_id}").json()
    assert store["last_active_at"] == store["created_at"] + 100


@pytest.mark.parametrize(
    ("body", "param", "message"),
    [
        ({}, "query", "Missing required parameter: 'query'."),
        ({"query": 3}, "query", "Invalid type for 'query': expected a string, but got an "
         "integer instead."),
        ({"query": "x", "max_num_results": 51}, "max_num_results", "Invalid 'max_num_results': "
         "integer above maximum value. Expected a value <= 50, but got 51 instead."),
        ({"query": "x", "max_num_results": 0}, "max_num_results", "Invalid 'max_num_results': "
         "integer below minimum value. Expected a value >= 1, but got 0 instead."),
        ({"query": "x", "filters": {"type": "like", "key": "a", "value": 1}}, "filters.type",
         "Invalid value: 'like'. Supported values are: 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', "
         "'in', 'nin', 'and', and 'or'."),
        ({"query": "x", "filters": {"type": "eq", "value": 1}}, "filters.key",
         "Missing required parameter: 'filters.key'."),
        ({"query": "x", "filters": {"type": "and", "filters": [{"type": "eq", "key": "k"}]}},
         "filters.filters[0].value", "Missing required parameter: 'filters.filters[0].value'."),
        ({"query": "x", "ranking_options": {"score_threshold": 2}},
         "ranking_options.score_threshold", "Invalid 'ranking_options.score_threshold': decimal "
         "above maximum value. Expected a value <= 1, but got 2 instead."),
        ({"query": "x", "ranking_options": {"ranker": "best"}}, "ranking_options.ranker",
         "Invalid value: 'best'. Supported values are: 'none', 'auto', and "
         "'default-2024-11-15'."),
    ],
)  # fmt: skip
def test_bad_search_gets_the_real_400(
    mock_http: Any, store_id: str, body: dict[str, Any], param: str, message: str
) -> None:
    response = _search(mock_http, store_id, **body)
    assert response.status_code == 400, response.text
    error = envelope(response)
    assert (error["param"], error["message"]) == (param, message)


def test_deeply_nested_filters_are_a_400_not_a_crash(mock_http: Any, store_id: str) -> None:
    nested: dict[str, Any] = {"type": "eq", "key": "k", "value": 1}
    for _ in range(40):
        nested = {"type": "and", "filters": [nested]}
    response = _search(mock_http, store_id, query="x", filters=nested)
    assert response.status_code == 400
    assert envelope(response)["message"].endswith("filters nest at most 16 levels deep.")


def test_sdk_script_three_documents(openai_client: Any) -> None:
    """The lesson: upload three documents, make a store of them, poll, search."""
    files = [
        openai_client.files.create(file=(name, data), purpose="assistants")
        for name, data in DOCS.items()
    ]
    store = openai_client.vector_stores.create(name="lesson", file_ids=[f.id for f in files])
    for f in files:
        openai_client.vector_stores.files.poll(f.id, vector_store_id=store.id, poll_interval_ms=0)
    assert openai_client.vector_stores.retrieve(store.id).file_counts.completed == 3
    results = openai_client.vector_stores.search(store.id, query="rocket payload orbit")
    hits = list(results)
    assert hits[0].filename == "rockets.md" and hits[0].content[0].type == "text"


def test_rewrite_is_deterministic() -> None:
    assert search.rewrite("What is THE rocket's fuel?") == "rocket's fuel"
    assert search.rewrite("what is it") == "what is it"


def test_run_search_is_callable_without_http(mock_app: Any, store_id: str) -> None:
    """What a file_search tool calls: the same hits as the endpoint, without a request."""
    from mockserver.resources.vector_stores.handlers import run_search
    from mockserver.resources.vector_stores.request import parse_search

    queries, hits = run_search(mock_app.state.mock, store_id, parse_search({"query": "orbit"}))
    assert queries == ["orbit"] and hits[0].chunk.filename == "rockets.md"
