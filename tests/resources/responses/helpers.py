"""Helpers shared by the Responses tests: posting a body and validating what comes back."""

from __future__ import annotations

from typing import Any

from openai.types.responses import Response, ResponseItemList

from tests.resources.chat.helpers import validate_openapi
from tests.schema_check import validate_sdk

# The real API sends ``store`` on every response; the SDK's type does not declare it.
RESPONSE_EXTRA = ("store",)
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather in a given location",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string", "description": "The city"}},
        "required": ["location"],
        "additionalProperties": False,
    },
    "strict": True,
}


def check_response(body: dict[str, Any]) -> None:
    from conformance.schemas import validate_sdk as strict

    strict(Response, body, allow_extra=RESPONSE_EXTRA)
    validate_openapi("Response", body)


def check_item_list(body: dict[str, Any]) -> None:
    validate_sdk(ResponseItemList, body)
    validate_openapi("ResponseItemList", body)


def create(mock_http: Any, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/responses", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    check_response(data)
    return data
