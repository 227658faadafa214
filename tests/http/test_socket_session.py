"""WebSocket sessions through the API layer: the key check, planned faults (a refused upgrade
with the real envelope and headers, a dropped session, a slow one on the mock's clock) and the
journal, on the Responses socket (any WebSocket route gets the same)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient, WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from mockserver.http.socket_session import CUT_REASON, DROPPED
from tests.conftest import AUTH

HELLO = {"type": "response.create", "model": "gpt-4o-mini", "input": "Hello!"}


def _denied(client: TestClient, headers: dict[str, str]) -> Any:
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        client.websocket_connect("/v1/responses", headers=headers),
    ):
        pass
    return denied.value


def _events(ws: Any) -> list[dict[str, Any]]:
    events = [json.loads(ws.receive_text())]
    while events[-1]["type"] != "response.completed":
        events.append(json.loads(ws.receive_text()))
    return events


def test_a_session_without_a_key_is_refused_with_the_401_envelope(mock_app: Any) -> None:
    with TestClient(mock_app) as client:
        denied = _denied(client, {})
    assert denied.status_code == 401
    assert denied.json()["error"]["message"].startswith("You didn't provide an API key.")
    assert denied.headers["x-request-id"].startswith("req_")


def test_a_key_offered_as_a_subprotocol_is_read_as_the_key(mock_app: Any) -> None:
    with TestClient(mock_app) as client:
        assert client.post("/__mock__/keys", json={"api_keys": ["sk-browser"]}).status_code == 200
        wrong = ["realtime", "openai-insecure-api-key.sk-other"]
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            client.websocket_connect("/v1/responses", subprotocols=wrong),
        ):
            pass
        assert denied.value.status_code == 401
        right = ["realtime", "openai-insecure-api-key.sk-browser"]
        with client.websocket_connect("/v1/responses", subprotocols=right) as ws:
            ws.send_text(json.dumps(HELLO))
            assert _events(ws)[-1]["type"] == "response.completed"


def test_a_key_the_mock_does_not_accept_is_refused(mock_http: TestClient) -> None:
    assert mock_http.post("/__mock__/keys", json={"api_keys": ["sk-only"]}).status_code == 200
    denied = _denied(mock_http, {"Authorization": "Bearer sk-wrong-key-1234"})
    assert denied.status_code == 401
    assert denied.json()["error"]["code"] == "invalid_api_key"


def test_a_429_fault_refuses_the_upgrade_with_the_rate_limit_answer(
    mock_http: TestClient,
) -> None:
    denied = _denied(mock_http, {**AUTH, "X-Mock-Fault": "429=3"})
    assert denied.status_code == 429
    error = denied.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["code"] == "rate_limit_exceeded"
    assert denied.headers["retry-after"] == "3"
    assert denied.headers["x-ratelimit-remaining-requests"] == "0"
    assert denied.headers["x-ratelimit-limit-requests"] == "10000"


def test_a_fault_plan_on_the_socket_path_refuses_the_next_upgrades(mock_http: TestClient) -> None:
    plan = {"path": "/v1/responses", "method": "GET", "fault": "503", "times": 1}
    assert mock_http.post("/__mock__/faults", json=plan).status_code == 200
    # A POST to the same path is not the socket: the plan waits for the upgrade.
    assert mock_http.post("/v1/responses", json={"model": "gpt-4o-mini", "input": "x"}).is_success
    denied = _denied(mock_http, AUTH)
    assert denied.status_code == 503
    assert denied.json()["error"]["type"] == "server_error"
    with mock_http.websocket_connect("/v1/responses") as ws:  # the plan is spent
        ws.send_text(json.dumps(HELLO))
        assert _events(ws)[-1]["type"] == "response.completed"


def test_a_bad_fault_header_refuses_the_upgrade_with_a_400(mock_http: TestClient) -> None:
    denied = _denied(mock_http, {**AUTH, "X-Mock-Fault": "teapot"})
    assert denied.status_code == 400
    assert denied.json()["error"]["param"] == "X-Mock-Fault"


def test_a_planned_disconnect_drops_the_session_after_n_messages(mock_http: TestClient) -> None:
    received = []
    with mock_http.websocket_connect(
        "/v1/responses", headers={"X-Mock-Fault": "disconnect=3"}
    ) as ws:
        ws.send_text(json.dumps(HELLO))
        with pytest.raises(WebSocketDisconnect) as dropped:
            while True:
                received.append(json.loads(ws.receive_text())["type"])
    assert received == ["response.created", "response.in_progress", "response.output_item.added"]
    assert dropped.value.code == DROPPED
    assert dropped.value.reason == CUT_REASON


def test_a_slow_session_paces_every_message_on_the_mocks_clock(mock_http: TestClient) -> None:
    before = mock_http.get("/__mock__/clock").json()["offset"]
    with mock_http.websocket_connect("/v1/responses", headers={"X-Mock-Fault": "slow=0.25"}) as ws:
        ws.send_text(json.dumps(HELLO))
        events = _events(ws)
    after = mock_http.get("/__mock__/clock").json()["offset"]
    assert after - before == 0.25 * len(events)  # a quarter adds up exactly


def test_a_slow_http_stream_is_paced_too(mock_http: TestClient) -> None:
    body = {"model": "gpt-4o-mini", "input": "Hello!", "stream": True}
    response = mock_http.post("/v1/responses", json=body, headers={"X-Mock-Fault": "slow=2"})
    assert response.status_code == 200
    assert mock_http.get("/__mock__/clock").json()["offset"] >= 2


def test_a_session_is_journalled_with_its_messages(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses?x=1") as ws:
        ws.send_text(json.dumps(HELLO))
        _events(ws)
        ws.send_text("not json")
        ws.receive_text()
    _denied(mock_http, {**AUTH, "X-Mock-Fault": "500"})
    session, refused = mock_http.get("/__mock__/requests").json()["data"][-2:]
    assert session["method"] == "GET" and session["path"] == "/v1/responses"
    assert session["query"] == "x=1"
    assert session["websocket"] is True and session["status"] == 101
    assert session["body"] == [HELLO, "not json"]
    assert refused["status"] == 500 and refused["body"] == []


def test_the_journal_keeps_a_large_message_as_its_type_and_size(mock_http: TestClient) -> None:
    big = json.dumps({"type": "response.create", "model": "nope", "input": "x" * 20_000})
    with mock_http.websocket_connect("/v1/responses") as ws:
        ws.send_text(big)
        ws.receive_text()
        ws.send_bytes(b"\xff\xfe")
        ws.receive_text()
    (entry,) = [e for e in mock_http.get("/__mock__/requests").json()["data"] if e["websocket"]]
    assert entry["body"] == [
        {"type": "response.create", "message_bytes": len(big)},
        {"binary_bytes": 2},
    ]


def test_http_requests_are_journalled_as_not_websockets(mock_http: TestClient) -> None:
    mock_http.get("/v1/models")
    (entry,) = mock_http.get("/__mock__/requests").json()["data"]
    assert entry["websocket"] is False
