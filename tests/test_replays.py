"""Replays: templates, the cache, and repeats answered by the middleware exactly as the
handler answers them."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.responses import Response
from starlette.types import Message

from mockserver.replays import Replays, Template, send_json

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a river."}]}


def test_template_fills_id_and_created() -> None:
    template = Template(prefix="x-", head=b'{"id": "%s", "created": %d,', tail=b' "k": 1}')
    assert template.render("x-Ab1", 7) == b'{"id": "x-Ab1", "created": 7, "k": 1}'


def test_cache_is_keyed_by_method_path_and_body_and_empties_on_reset() -> None:
    replays, template = Replays(size=2), Template("x-", b"%s%d", b"")
    replays.keep("POST", "/v1/a", b"{}", template)
    assert replays.find("POST", "/v1/a", b"{}") is template
    assert replays.find("POST", "/v1/a", b"{ }") is None
    assert replays.find("POST", "/v1/b", b"{}") is None
    assert replays.find("GET", "/v1/a", b"{}") is None
    replays.reset()
    assert replays.find("POST", "/v1/a", b"{}") is None


def test_send_json_writes_what_starlettes_response_writes() -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(send_json(send, b'{"a": 1}\n'))
    response = Response(b'{"a": 1}\n', media_type="application/json")
    assert sent[0] == {
        "type": "http.response.start",
        "status": 200,
        "headers": response.raw_headers,
    }
    assert sent[1] == {"type": "http.response.body", "body": response.body}


def _post(mock_http: Any, body: dict[str, Any], **headers: str) -> Any:
    return mock_http.post("/v1/chat/completions", json=body, headers=headers)


def test_a_repeat_is_answered_with_the_same_headers_in_the_same_order(mock_http: Any) -> None:
    first, second = _post(mock_http, CHAT), _post(mock_http, CHAT)
    assert list(first.headers) == list(second.headers)
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert first.json()["id"] != second.json()["id"]
    assert first.json()["choices"] == second.json()["choices"]


def test_repeats_still_meet_faults_and_the_journal(mock_http: Any) -> None:
    _post(mock_http, CHAT)
    limited = _post(mock_http, CHAT, **{"X-Mock-Fault": "429"})
    assert limited.status_code == 429
    assert _post(mock_http, CHAT).status_code == 200
    journal = mock_http.get("/__mock__/requests").json()
    entries = journal["data"] if isinstance(journal, dict) else journal
    assert [e["status"] for e in entries][-3:] == [200, 429, 200]
    assert entries[-1]["body"] == CHAT


def test_stored_and_streamed_requests_are_never_replayed(mock_http: Any) -> None:
    stored = {**CHAT, "store": True}
    ids = {_post(mock_http, stored).json()["id"] for _ in range(2)}
    listed = mock_http.get("/v1/chat/completions").json()["data"]
    assert {c["id"] for c in listed} == ids and len(ids) == 2
    streamed = {**CHAT, "stream": True}
    for _ in range(2):
        response = _post(mock_http, streamed)
        assert response.headers["content-type"].startswith("text/event-stream")


def test_reset_forgets_replays_and_ids_start_again(mock_http: Any) -> None:
    first = _post(mock_http, CHAT).content
    assert mock_http.post("/__mock__/reset").status_code == 200
    assert _post(mock_http, CHAT).content == first
