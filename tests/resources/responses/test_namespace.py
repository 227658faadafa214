"""The ``namespace`` tool: a named group of functions, each called as a ``function_call``
carrying its ``namespace``, and the real 400s for a bad group."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import envelope

NAMESPACE = {
    "type": "namespace",
    "name": "crm",
    "description": "Customer records",
    "tools": [
        {
            "type": "function",
            "name": "find_customer",
            "description": "Find a customer record by email",
            "parameters": {
                "type": "object",
                "properties": {"email": {"type": "string"}},
                "required": ["email"],
                "additionalProperties": False,
            },
        }
    ],
}


def test_a_namespaced_function_is_called_with_its_namespace(openai_client: Any) -> None:
    first = openai_client.responses.create(
        model="gpt-4o", input="Find the customer with email ann@example.com", tools=[NAMESPACE]
    )
    (call,) = first.output
    assert call.type == "function_call" and call.name == "find_customer"
    assert call.namespace == "crm"
    follow = openai_client.responses.create(
        model="gpt-4o",
        previous_response_id=first.id,
        tools=[NAMESPACE],
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "Ann, VIP"}],
    )
    assert follow.output_text
    echoed = first.tools[0]
    assert echoed.type == "namespace" and echoed.tools[0].name == "find_customer"


@pytest.mark.parametrize(
    ("tool", "where"),
    [
        ({**NAMESPACE, "description": None}, "tools[0].description"),
        ({**NAMESPACE, "tools": []}, "tools[0].tools"),
        ({**NAMESPACE, "tools": [{"type": "web_search"}]}, "tools[0].tools[0].type"),
        ({**NAMESPACE, "name": "a b"}, "tools[0].name"),
    ],
)
def test_bad_namespaces_get_the_real_400(mock_http: Any, tool: dict[str, Any], where: str) -> None:
    body = {"model": "gpt-4o", "input": "Hi", "tools": [tool]}
    response = mock_http.post("/v1/responses", json=body)
    assert response.status_code == 400, response.text
    assert envelope(response)["param"] == where
