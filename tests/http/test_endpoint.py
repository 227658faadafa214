from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.testclient import TestClient

from mockserver.http.endpoint import api, route
from tests.conftest import AUTH, envelope


async def _read(request: Request) -> dict[str, Any]:
    return {"did": "read", "id": request.path_params["thing_id"]}


async def _write(request: Request) -> dict[str, Any]:
    return {"did": "write", "id": request.path_params["thing_id"]}


def test_one_route_answers_each_method_with_its_handler() -> None:
    app = Starlette(routes=[api("/things/{thing_id}", GET=_read, POST=_write)])
    client = TestClient(app)
    assert client.get("/v1/things/a").json() == {"did": "read", "id": "a"}
    assert client.post("/v1/things/b").json() == {"did": "write", "id": "b"}
    assert client.head("/v1/things/c").status_code == 200  # HEAD is answered as GET
    assert client.delete("/v1/things/d").status_code == 405
    single = Starlette(routes=[route("/x/{thing_id}", POST=_write)])
    assert TestClient(single).post("/x/e").json() == {"did": "write", "id": "e"}


async def _ready(request: Request) -> bytes:
    return b'{"did": "ready"}\n'


def test_a_handler_s_json_bytes_are_sent_as_they_are_with_a_json_response_s_headers() -> None:
    app = Starlette(routes=[route("/ready", GET=_ready), route("/data", GET=_read_data)])
    client = TestClient(app)
    ready = client.get("/ready")
    assert ready.content == b'{"did": "ready"}\n'  # not re-serialised as a JSON string
    data = client.get("/data")
    assert [name for name, _ in ready.headers.items()] == ["content-length", "content-type"]
    assert ready.headers["content-type"] == data.headers["content-type"] == "application/json"
    assert ready.headers["content-length"] == str(len(ready.content))


async def _read_data(request: Request) -> dict[str, Any]:
    return {"did": "data"}


def test_a_method_a_path_does_not_take_is_the_real_invalid_url(mock_http: Any) -> None:
    response = mock_http.put("/v1/chat/completions", headers=AUTH)
    assert response.status_code == 404
    assert envelope(response)["message"] == "Invalid URL (PUT /v1/chat/completions)"
