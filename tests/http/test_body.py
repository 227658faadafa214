"""Bodies read as JSON: strict parsing, and the real answer to a form sent where JSON is read."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.http.body import parse_json
from mockserver.http.errors import APIError


@pytest.mark.parametrize("raw", [b"NaN", b'{"a": Infinity}', b'"\\ud800"', b"[" * 100_000, b"\xff"])
def test_what_strict_json_refuses_is_the_real_400(raw: bytes) -> None:
    with pytest.raises(APIError) as caught:
        parse_json(raw)
    assert caught.value.status == 400
    assert caught.value.message.startswith("We could not parse the JSON body of your request.")


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/embeddings", "/v1/moderations"])
def test_a_form_sent_to_a_json_endpoint_is_the_real_400(mock_http: Any, path: str) -> None:
    response = mock_http.post(path, data={"model": "gpt-4o"}, files={"file": ("a.txt", b"hi")})
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "unsupported_content_type"
    assert error["message"] == (
        "Unsupported content type: 'multipart/form-data'. This API method only accepts "
        "'application/json' requests, but you specified the header 'Content-Type: "
        "multipart/form-data'. Please try again with a supported content type."
    )


def test_bad_json_under_a_json_content_type_stays_the_parse_error(mock_http: Any) -> None:
    response = mock_http.post(
        "/v1/chat/completions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] is None
