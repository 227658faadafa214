"""The real API's 4xx answers to bad Responses requests: the catalogue's cases
(``fixtures/errors/responses_*.json``, shared with the conformance suite) and the rest."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import envelope
from tests.error_catalogue import cases, check_in_process
from tests.resources.responses.helpers import WEATHER


@pytest.mark.parametrize("case", cases("/v1/responses"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)


def error(mock_http: Any, status: int = 400, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/responses", json=body)
    assert response.status_code == status, response.text
    return envelope(response)


def test_model_errors(mock_http: Any) -> None:
    assert error(mock_http, input="Hi")["message"] == "you must provide a model parameter"
    assert error(mock_http, 404, model="nope", input="Hi")["code"] == "model_not_found"
    wrong = error(mock_http, 404, model="text-embedding-3-small", input="Hi")
    assert wrong["message"] == "This model is not supported in the v1/responses endpoint."


def test_missing_input(mock_http: Any) -> None:
    assert error(mock_http, model="gpt-4o")["param"] == "input"


def test_range_and_type_errors(mock_http: Any) -> None:
    assert error(mock_http, model="gpt-4o", input="Hi", temperature=3)["param"] == "temperature"
    top_p = error(mock_http, model="gpt-4o", input="Hi", top_p=2)
    assert top_p["code"] == "decimal_above_max_value"
    assert error(mock_http, model="gpt-4o", input=5)["code"] == "invalid_type"
    assert error(mock_http, model="gpt-4o", input="Hi", truncation="x")["param"] == "truncation"
    assert error(mock_http, model="gpt-4o", input="Hi", include=["nope"])["param"] == "include[0]"
    long = error(mock_http, model="gpt-4o", input="Hi", safety_identifier="x" * 65)
    assert long["code"] == "string_above_max_length"
    meta = {f"k{i}": "v" for i in range(17)}
    assert error(mock_http, model="gpt-4o", input="Hi", metadata=meta)["param"] == "metadata"
    options = error(mock_http, model="gpt-4o", input="Hi", stream_options={})
    assert options["param"] == "stream_options"


def test_reasoning_errors(mock_http: Any) -> None:
    effort = error(mock_http, model="o3", input="Hi", reasoning={"effort": "none"})
    assert effort["param"] == "reasoning.effort" and effort["code"] == "unsupported_value"
    bad = error(mock_http, model="o3", input="Hi", reasoning={"effort": "huge"})
    assert bad["param"] == "reasoning.effort" and bad["code"] == "invalid_value"
    summary = error(mock_http, model="gpt-4o", input="Hi", reasoning={"summary": "auto"})
    assert summary["param"] == "reasoning.summary"


def test_tool_errors(mock_http: Any) -> None:
    loose = {**WEATHER, "parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}
    strict = error(mock_http, model="gpt-4o", input="Hi", tools=[loose])
    assert strict["param"] == "tools[0].parameters"
    assert strict["code"] == "invalid_function_parameters"
    nameless = error(mock_http, model="gpt-4o", input="Hi", tools=[{"type": "function"}])
    assert nameless["param"] == "tools[0].name" and nameless["code"] == "missing_required_parameter"
    choice = {"type": "function", "name": "other"}
    unknown = error(mock_http, model="gpt-4o", input="Hi", tools=[WEATHER], tool_choice=choice)
    assert unknown["param"] == "tool_choice"
    required = error(mock_http, model="gpt-4o", input="Hi", tool_choice="required")
    assert required["param"] == "tool_choice"


def test_built_in_tools_not_served_are_refused_clearly(mock_http: Any) -> None:
    program = {"type": "programmatic_tool_calling"}
    refused = error(mock_http, model="gpt-4o", input="Hi", tools=[program])
    assert refused["param"] == "tools[0].type" and "mock" in refused["message"]


def test_an_mcp_server_is_one_the_offline_mock_cannot_reach(mock_http: Any) -> None:
    tool = {"type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/sse"}
    failed = error(mock_http, 424, model="gpt-4o", input="Hi", tools=[tool])
    assert failed["message"] == (
        "Error retrieving tool list from MCP server: 'wiki'. Http status code: 424 "
        "(Failed Dependency)"
    )
    unlabelled = error(mock_http, model="gpt-4o", input="Hi", tools=[{"type": "mcp"}])
    assert unlabelled["param"] == "tools[0].server_label"
    nowhere = error(
        mock_http, model="gpt-4o", input="Hi", tools=[{"type": "mcp", "server_label": "w"}]
    )
    assert nowhere["param"] == "tools[0].server_url"


def test_text_format_errors(mock_http: Any) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    fmt = {"type": "json_schema", "name": "x", "schema": schema, "strict": True}
    strict = error(mock_http, model="gpt-4o", input="Hi", text={"format": fmt})
    assert strict["param"] == "text.format.schema"
    nameless = {"type": "json_schema", "schema": schema}
    missing = error(mock_http, model="gpt-4o", input="Hi", text={"format": nameless})
    assert missing["param"] == "text.format.name"
    verbosity = error(mock_http, model="gpt-4o", input="Hi", text={"verbosity": "loud"})
    assert verbosity["param"] == "text.verbosity"


def test_input_errors(mock_http: Any) -> None:
    image = {"type": "input_image", "image_url": "data:text/plain;base64,aGk="}
    bad = error(mock_http, model="gpt-4o", input=[{"role": "user", "content": [image]}])
    assert bad["param"] == "input[0].content[0].image_url"
    unknown = error(mock_http, model="gpt-4o", input=[{"type": "nope"}])
    assert unknown["param"] == "input[0].type"
    call = {"type": "function_call", "call_id": "c", "name": "f"}
    assert error(mock_http, model="gpt-4o", input=[call])["param"] == "input[0].arguments"
    reasoning = {"type": "reasoning", "summary": []}
    assert error(mock_http, model="gpt-4o", input=[reasoning])["param"] == "input[0].id"


def test_a_prompt_template_is_one_the_offline_mock_does_not_know(mock_http: Any) -> None:
    prompt = {"id": "pmpt_1", "version": "2", "variables": {"city": "Paris"}}
    unknown = error(mock_http, 404, input="Hi", prompt=prompt)  # the prompt may carry the model
    assert unknown == {
        "message": "Prompt with id 'pmpt_1' not found.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
    wrong = error(mock_http, model="gpt-4o", input="Hi", prompt="x")
    assert wrong["code"] == "invalid_type" and wrong["param"] == "prompt"
    assert error(mock_http, model="gpt-4o", prompt={})["param"] == "prompt.id"
    assert error(mock_http, prompt={"id": "p", "x": 1})["param"] == "prompt.x"


def test_the_sdk_raises_bad_request(openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.responses.create(model="gpt-4o", input="Hi", max_output_tokens=1)
    assert caught.value.param == "max_output_tokens"


def test_programmatic_tool_calling_is_refused_as_not_served(mock_http: Any) -> None:
    # The SDK takes it as a tool and as a tool choice; the mock says plainly it does not serve
    # it rather than calling the value unknown.
    tool = error(
        mock_http, model="gpt-4o", input="Hi", tools=[{"type": "programmatic_tool_calling"}]
    )
    assert (
        tool["message"]
        == "The 'programmatic_tool_calling' tool is not supported by this mock server."
    )
    assert tool["param"] == "tools[0].type"
    choice = {"type": "programmatic_tool_calling"}
    forced = error(mock_http, model="gpt-4o", input="Hi", tool_choice=choice)
    assert forced["param"] == "tool_choice.type" and forced["code"] == "unsupported_value"
