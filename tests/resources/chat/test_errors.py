"""The real API's 4xx answers to bad chat requests: every chat case of the error catalogue
(``fixtures/errors/chat_*.json``, shared with the conformance suite), and the SDK's view."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import envelope
from tests.error_catalogue import cases, check_in_process

USER = [{"role": "user", "content": "Hello!"}]


@pytest.mark.parametrize("case", cases("/v1/chat/completions"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)


def test_malformed_json_body(mock_http: Any) -> None:
    response = mock_http.post(
        "/v1/chat/completions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert envelope(response)["message"].startswith("We could not parse the JSON body")


def test_sdk_raises_bad_request_with_the_envelope(openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.chat.completions.create(model="gpt-4o", messages=USER, n=200)
    assert caught.value.status_code == 400
    assert caught.value.param == "n" and caught.value.code == "integer_above_max_value"
