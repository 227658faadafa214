from __future__ import annotations

from starlette.routing import Route
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.http.body import json_body
from mockserver.http.endpoint import Endpoint
from mockserver.http.params import check, param
from tests.conftest import AUTH, envelope


def _app_with(path: str, handler: object) -> TestClient:
    app = create_app(Settings())
    app.router.routes.insert(0, Route(path, Endpoint(handler), methods=["POST"]))
    return TestClient(app, raise_server_exceptions=False)


def test_a_bug_in_a_handler_is_a_500_envelope_not_a_traceback() -> None:
    async def broken(request: object) -> None:
        raise RuntimeError("boom")

    response = _app_with("/v1/broken", broken).post("/v1/broken", headers=AUTH)
    assert response.status_code == 500
    error = envelope(response)
    assert error["type"] == "server_error"
    assert "boom" not in response.text and "Traceback" not in response.text


async def _echo(request: object) -> dict[str, object]:
    body = await json_body(request)  # type: ignore[arg-type]
    check(
        body,
        {
            "model": param("string", required=True),
            "n": param("integer", minimum=1, maximum=8),
            "input": param("string", "array", required=True),
        },
    )
    return body


def test_malformed_json_is_the_real_400() -> None:
    response = _app_with("/v1/echo", _echo).post("/v1/echo", headers=AUTH, content=b"{not json")
    assert response.status_code == 400
    assert envelope(response)["message"].startswith(
        "We could not parse the JSON body of your request. (HINT: This likely means"
    )


def test_parameter_checks_in_the_real_order() -> None:
    client = _app_with("/v1/echo", _echo)

    def error(body: dict[str, object]) -> dict[str, object]:
        response = client.post("/v1/echo", headers=AUTH, json=body)
        assert response.status_code == 400
        return envelope(response)

    assert error({"model": "m", "input": "x", "bogus": 1})["message"] == (
        "Unrecognized request argument supplied: bogus"
    )
    assert error({"input": "x"})["message"] == "you must provide a model parameter"
    missing = error({"model": "m"})
    assert (missing["param"], missing["code"]) == ("input", "missing_required_parameter")
    wrong = error({"model": "m", "input": 5})
    assert (
        wrong["message"]
        == "Invalid type for 'input': expected a string, but got an integer instead."
    )
    assert error({"model": "m", "input": "x", "n": 9})["code"] == "integer_above_max_value"
    ok = client.post("/v1/echo", headers=AUTH, json={"model": "m", "input": "x", "n": None})
    assert ok.status_code == 200
