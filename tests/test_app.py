from __future__ import annotations

import os
import subprocess
import sys
import textwrap

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


def test_a_served_app_loads_in_the_background_with_one_blas_thread() -> None:
    # A fresh process, as a server is: numpy is not loaded until the background warm-up,
    # which reads OPENBLAS_NUM_THREADS=1 then drops it from the environment again.
    code = textwrap.dedent(
        """
        import os, sys, time
        from starlette.testclient import TestClient
        from mockserver import app, tokens
        with TestClient(app.create_app()) as client:
            assert "numpy" not in sys.modules
            assert os.environ.get("OPENBLAS_NUM_THREADS") == "1"
            deadline = time.monotonic() + 30
            while len(tokens._encodings) < 2 or os.environ.get("OPENBLAS_NUM_THREADS"):
                assert time.monotonic() < deadline
                time.sleep(0.02)
            print("numpy" in sys.modules, client.get("/v1/models").status_code)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.split() == ["True", "401"]
