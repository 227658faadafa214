from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient, WebSocketDenialResponse

from mockserver import Settings, create_app
from mockserver.http.endpoint import Endpoint
from mockserver.http.middleware import APIMiddleware
from tests.conftest import AUTH, envelope


@pytest.fixture
def client(mock_settings: Settings) -> TestClient:
    return TestClient(create_app(mock_settings))


def test_no_key_is_the_real_401(client: TestClient) -> None:
    response = client.get("/v1/models")
    assert response.status_code == 401
    error = envelope(response)
    assert error["message"].startswith("You didn't provide an API key. You need to provide your")
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", None, None)


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", "Basic abc", "Token abc"])
def test_malformed_bearer_is_invalid_api_key(client: TestClient, header: str) -> None:
    response = client.get("/v1/models", headers={"Authorization": header})
    assert response.status_code == 401
    error = envelope(response)
    assert error["code"] == "invalid_api_key"
    assert error["message"].startswith("Incorrect API key provided: ")


def test_restricted_keys_mask_the_refused_key() -> None:
    client = TestClient(create_app(Settings(api_keys=("sk-good",))))
    assert client.get("/v1/models", headers={"Authorization": "Bearer sk-good"}).status_code == 200
    refused = "sk-abcdefgh1234567890wxyz"
    response = client.get("/v1/models", headers={"Authorization": f"Bearer {refused}"})
    error = envelope(response)
    assert response.status_code == 401
    assert "sk-abcde" in error["message"] and refused not in error["message"]
    assert "*" * (len(refused) - 12) in error["message"]


def test_every_response_has_the_real_headers(client: TestClient) -> None:
    for response in (
        client.get("/v1/models", headers=AUTH),
        client.get("/v1/nothing", headers=AUTH),
    ):
        assert re.fullmatch(r"req_[0-9a-f]{32}", response.headers["x-request-id"])
        assert response.headers["openai-processing-ms"].isdigit()
        assert response.headers["openai-version"] == "2020-10-01"
        for name in ("limit-requests", "limit-tokens", "remaining-requests", "remaining-tokens"):
            assert response.headers[f"x-ratelimit-{name}"].isdigit()
        assert response.headers["x-ratelimit-reset-requests"]
        assert response.headers["x-ratelimit-reset-tokens"]


def test_cors_preflight_and_origin(client: TestClient) -> None:
    preflight = client.options(
        "/v1/chat/completions",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    simple = client.get("/v1/models", headers={**AUTH, "Origin": "http://localhost:3000"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert simple.headers["vary"] == "Origin"


def test_a_request_without_origin_gets_no_cors_headers(client: TestClient) -> None:
    plain = client.get("/v1/models", headers=AUTH)
    assert plain.status_code == 200
    assert not {"access-control-allow-origin", "vary"} & set(plain.headers)


def test_401s_carry_cors_headers_for_browsers(client: TestClient) -> None:
    refused = client.get("/v1/models", headers={"Origin": "http://localhost:3000"})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/v1/nope"), ("DELETE", "/v1/models"), ("GET", "/v2/models")]
)
def test_unknown_path_or_method_is_invalid_url(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, headers=AUTH)
    assert response.status_code == 404
    assert envelope(response)["message"] == f"Invalid URL ({method} {path})"


def test_body_over_the_limit_is_413_not_a_crash() -> None:
    client = TestClient(create_app(Settings(max_body_bytes=1000)))
    response = client.post("/v1/embeddings", headers=AUTH, content=b"{" + b" " * 2000 + b"}")
    assert response.status_code == 413
    assert envelope(response)["code"] == "request_too_large"


@pytest.mark.parametrize(
    ("fault", "status", "type_"),
    [("429", 429, "requests"), ("500", 500, "server_error"), ("503", 503, "server_error")],
)
def test_fault_header(client: TestClient, fault: str, status: int, type_: str) -> None:
    response = client.get("/v1/models", headers={**AUTH, "X-Mock-Fault": fault})
    assert response.status_code == status
    error = envelope(response)
    assert error["type"] == type_
    if status == 429:
        assert response.headers["retry-after"] == "1"
        assert error["code"] == "rate_limit_exceeded"
    else:
        assert response.headers["x-request-id"] in error["message"]


def test_rate_limit_message_names_the_requested_model(client: TestClient) -> None:
    response = client.post(
        "/v1/chat/completions",
        headers={**AUTH, "X-Mock-Fault": "429"},
        json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert response.status_code == 429
    assert envelope(response)["message"].startswith(
        "Rate limit reached for gpt-4o-mini in organization org-mockserver on requests per min"
    )


def test_fault_plan_spends_its_times(client: TestClient) -> None:
    armed = client.post("/__mock__/faults", json={"path": "/v1/models", "status": 503, "times": 2})
    assert armed.status_code == 200
    statuses = [client.get("/v1/models", headers=AUTH).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert client.get("/__mock__/faults").json()["data"] == []


def test_bad_fault_plan_is_a_400(client: TestClient) -> None:
    response = client.post("/__mock__/faults", json={"status": 418})
    assert response.status_code == 400
    assert envelope(response)["param"] == "fault"


def test_disconnect_fault_cuts_the_response(client: TestClient) -> None:
    import httpx2

    with pytest.raises(httpx2.RemoteProtocolError):
        client.get("/v1/models", headers={**AUTH, "X-Mock-Fault": "disconnect"})


def test_timeout_fault_holds_the_request(client: TestClient) -> None:
    import time

    started = time.monotonic()
    response = client.get("/v1/models", headers={**AUTH, "X-Mock-Fault": "timeout=0.3"})
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_journal_records_requests_with_bodies(client: TestClient) -> None:
    client.post("/v1/embeddings", headers=AUTH, json={"model": "x", "input": "hi"})
    client.get("/v1/models", headers=AUTH)
    entries = client.get("/__mock__/requests").json()["data"]
    assert [(e["method"], e["path"]) for e in entries] == [
        ("POST", "/v1/embeddings"),
        ("GET", "/v1/models"),
    ]
    assert entries[0]["body"] == {"model": "x", "input": "hi"}
    assert entries[1]["status"] == 200
    assert "sk-mock-test" not in str(entries)
    client.post("/__mock__/reset")
    assert client.get("/__mock__/requests").json()["data"] == []


CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello!"}]}
MALFORMED = [
    b'{"model":"gpt-4o","messages":[{"role":"user","content":"bad \\ud800 surrogate"}]}',
    b'{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"temperature":NaN}',
    b'{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"temperature":Infinity}',
    b'{"model":"gpt-4o","messages":[],"temperature":1e400}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"model":"gpt-\xed\xa0\x80"}',
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/completions", "/v1/moderations"])
def test_bodies_a_strict_parser_refuses_are_the_real_400(
    mock_http: Any, path: str, body: bytes
) -> None:
    response = mock_http.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert envelope(response)["message"].startswith("We could not parse the JSON body")
    # The journal still answers, and shows the refused body as text.
    journal = mock_http.get("/__mock__/requests")
    assert journal.status_code == 200 and journal.json()["data"][-1]["status"] == 400


def test_an_unhandled_error_is_a_500_with_every_header_and_journalled(
    mock_app: Any, mock_http: Any
) -> None:
    async def broken(request: Any) -> Any:
        raise RuntimeError("a bug in the mock")

    mock_app.router.routes.insert(0, Route("/v1/broken", Endpoint(broken), methods=["POST"]))
    response = mock_http.post("/v1/broken", json={})
    assert response.status_code == 500
    assert envelope(response)["type"] == "server_error"
    request_id = response.headers["x-request-id"]
    assert request_id in envelope(response)["message"]
    assert response.headers["openai-version"] == "2020-10-01"
    assert "openai-processing-ms" in response.headers
    entry = mock_http.get("/__mock__/requests").json()["data"][-1]
    assert (entry["request_id"], entry["status"]) == (request_id, 500)


def test_the_router_is_wrapped_in_one_layer(mock_app: Any) -> None:
    # CORS and every error are answered by the API layer itself, not by Starlette's
    # ServerErrorMiddleware and ExceptionMiddleware around and inside it.
    stack = mock_app.build_middleware_stack()
    assert isinstance(stack, APIMiddleware)
    assert stack.app is mock_app.router


def _broken_route(mock_app: Any) -> None:
    async def broken(request: Any) -> Any:
        raise RuntimeError("a bug in the mock")

    mock_app.router.routes.insert(0, Route("/v1/broken", Endpoint(broken), methods=["POST"]))


def test_a_browsers_500_carries_cors_and_every_header(mock_app: Any, mock_http: Any) -> None:
    _broken_route(mock_app)
    response = mock_http.post("/v1/broken", json={}, headers={"Origin": "http://localhost:3000"})
    assert response.status_code == 500
    assert envelope(response)["type"] == "server_error"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-request-id"] in envelope(response)["message"]


def test_a_held_request_that_fails_is_the_500_with_every_header(
    mock_app: Any, mock_http: Any
) -> None:
    _broken_route(mock_app)
    response = mock_http.post("/v1/broken", json={}, headers={"X-Mock-Fault": "timeout=0"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] in envelope(response)["message"]
    assert response.headers["openai-version"] == "2020-10-01"


@pytest.mark.parametrize("value", ["418", "rate_limit", "timeout=later"])
def test_an_unknown_fault_header_is_a_400_listing_the_valid_ones(
    mock_http: Any, value: str
) -> None:
    response = mock_http.post("/v1/chat/completions", json=CHAT, headers={"X-Mock-Fault": value})
    assert response.status_code == 400
    error = envelope(response)
    assert error["param"] == "X-Mock-Fault"
    assert "'429'" in error["message"] or "timeout=SECONDS" in error["message"]


def test_a_429_says_the_limit_is_used_up_in_its_headers_too(mock_http: Any) -> None:
    response = mock_http.post("/v1/chat/completions", json=CHAT, headers={"X-Mock-Fault": "429"})
    assert response.status_code == 429
    assert "Limit 10000, Used 10000" in envelope(response)["message"]
    assert response.headers["x-ratelimit-remaining-requests"] == "0"
    ok = mock_http.post("/v1/chat/completions", json=CHAT)
    assert ok.headers["x-ratelimit-remaining-requests"] == "9999"


def test_a_websocket_on_a_path_not_served_gets_the_envelope(mock_http: Any) -> None:
    with pytest.raises(WebSocketDenialResponse) as denied, mock_http.websocket_connect("/v1/nope"):
        pass
    assert denied.value.status_code == 404
    assert denied.value.json()["error"]["message"] == "Invalid URL (GET /v1/nope)"


def test_the_root_path_is_answered_in_the_envelope(mock_http: Any) -> None:
    response = mock_http.get("/")
    assert response.status_code == 404
    assert envelope(response)["message"] == "Invalid URL (GET /)"
