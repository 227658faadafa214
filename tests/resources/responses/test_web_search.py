"""The ``web_search`` tools answered offline: a ``web_search_call`` item (its sources when
included), an answer citing fake ``example.*`` pages with ``url_citation`` spans into the text,
the results counted as input, the stream's web-search events, and the real 400s."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.conversations import ConversationItemList

from mockserver.resources.responses import web_search
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import create
from tests.resources.responses.test_stream import stream
from tests.schema_check import validate_sdk

ASK = "What is the tallest mountain on Earth?"


def test_the_answer_cites_fake_pages_by_their_spans(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input=ASK, tools=[{"type": "web_search"}])
    call, message = body["output"]
    assert call["type"] == "web_search_call" and call["id"].startswith("ws_")
    assert call["status"] == "completed"
    assert call["action"] == {"type": "search", "query": ASK, "queries": [ASK]}
    (part,) = message["content"]
    text, cited = part["text"], part["annotations"]
    assert cited and all(a["type"] == "url_citation" for a in cited)
    for a in cited:
        assert 0 <= a["start_index"] < a["end_index"] <= len(text)
        assert not text[a["start_index"]].isspace()
        host = a["url"].split("/")[2]
        assert host.split(".", 1)[1] in web_search.DOMAINS
        assert a["url"].endswith("?utm_source=openai") and a["title"]
    assert body["tools"] == [
        {
            "type": "web_search",
            "filters": None,
            "search_context_size": "medium",
            "user_location": web_search.DEFAULT_LOCATION,
        }
    ]
    plain = create(mock_http, model="gpt-4o", input=ASK)
    assert body["usage"]["input_tokens"] > plain["usage"]["input_tokens"]


def test_sources_come_when_included_and_follow_allowed_domains(mock_http: Any) -> None:
    tool = {"type": "web_search", "filters": {"allowed_domains": ["docs.example.edu"]}}
    body = create(
        mock_http,
        model="gpt-4o",
        input=ASK,
        tools=[tool],
        include=["web_search_call.action.sources"],
    )
    sources = body["output"][0]["action"]["sources"]
    assert len(sources) == web_search.PAGES
    assert all(s["type"] == "url" and "//search.docs.example.edu/" in s["url"] for s in sources)
    assert body["tools"][0]["filters"] == {"allowed_domains": ["docs.example.edu"]}


@pytest.mark.parametrize("kind", web_search.PREVIEW_TYPES)
def test_the_preview_tools_echo_their_own_shape(mock_http: Any, kind: str) -> None:
    tool = {
        "type": kind,
        "search_context_size": "low",
        "user_location": {"type": "approximate", "city": "Paris", "country": "FR"},
    }
    body = create(mock_http, model="gpt-4o", input=ASK, tools=[tool])
    (echoed,) = body["tools"]
    assert echoed["type"] == kind and echoed["search_context_size"] == "low"
    assert "filters" not in echoed
    assert echoed["user_location"] == {
        "type": "approximate",
        "city": "Paris",
        "country": "FR",
        "region": None,
        "timezone": None,
    }
    assert body["output"][0]["type"] == "web_search_call"


def test_tool_choice_none_skips_it_and_the_hosted_choice_forces_it(mock_http: Any) -> None:
    tools = [{"type": "web_search_preview"}]
    body = create(mock_http, model="gpt-4o", input="Hi", tools=tools, tool_choice="none")
    assert [i["type"] for i in body["output"]] == ["message"]
    forced = create(
        mock_http,
        model="gpt-4o",
        input="Hi",
        tools=tools,
        tool_choice={"type": "web_search_preview"},
    )
    assert forced["output"][0]["type"] == "web_search_call"
    assert forced["tool_choice"] == {"type": "web_search_preview"}


def test_a_web_search_streams_its_events(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=ASK, tools=[{"type": "web_search"}])
    types = [e["type"] for e in events]
    assert types[2:7] == [
        "response.output_item.added",
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
        "response.web_search_call.completed",
        "response.output_item.done",
    ]
    assert events[2]["item"]["status"] == "in_progress"
    final = events[-1]["response"]
    assert final["output"][1]["content"][0]["annotations"]
    assert [i["type"] for i in final["output"]] == ["web_search_call", "message"]


def test_the_search_can_be_passed_back_as_input(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input=ASK, tools=[{"type": "web_search"}])
    follow = [
        {"role": "user", "content": ASK},
        *first["output"],
        {"role": "user", "content": "Why?"},
    ]
    body = create(mock_http, model="gpt-4o", input=follow)
    assert body["output"][-1]["type"] == "message"


@pytest.mark.parametrize(
    ("tool", "where"),
    [
        ({"type": "web_search", "search_context_size": "huge"}, "tools[0].search_context_size"),
        ({"type": "web_search", "user_location": "Paris"}, "tools[0].user_location"),
        (
            {"type": "web_search", "user_location": {"type": "exact"}},
            "tools[0].user_location.type",
        ),
        (
            {"type": "web_search_preview", "user_location": {"city": "Paris"}},
            "tools[0].user_location.type",
        ),
        (
            {"type": "web_search", "user_location": {"type": "approximate", "zip": "1"}},
            "tools[0].user_location.zip",
        ),
        ({"type": "web_search_preview", "filters": {}}, "tools[0].filters"),
        (
            {"type": "web_search", "filters": {"allowed_domains": "x"}},
            "tools[0].filters.allowed_domains",
        ),
        (
            {"type": "web_search_preview", "search_content_types": ["video"]},
            "tools[0].search_content_types[0]",
        ),
    ],
)
def test_bad_tool_config_is_the_real_400(mock_http: Any, tool: dict[str, Any], where: str) -> None:
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "tools": [tool]}
    )
    assert envelope(response)["param"] == where


def test_a_search_in_a_conversation_joins_its_items(mock_http: Any) -> None:
    conversation = mock_http.post("/v1/conversations", json={}).json()
    create(
        mock_http,
        model="gpt-4o",
        input=ASK,
        tools=[{"type": "web_search"}],
        conversation=conversation["id"],
    )
    items = mock_http.get(f"/v1/conversations/{conversation['id']}/items?order=asc").json()
    validate_sdk(ConversationItemList, items)
    validate_openapi("ConversationItemList", items)
    assert [i["type"] for i in items["data"]] == ["message", "web_search_call", "message"]
