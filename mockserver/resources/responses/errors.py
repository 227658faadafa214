"""The real API's 400s and 404s that only the Responses API gives, in its wording."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...http.errors import APIError
from ...http.errors import unknown_parameter as unknown_parameter  # named here too


def response_not_found(response_id: str) -> APIError:
    return APIError(404, f"Response with id '{response_id}' not found.")


def prompt_not_found(prompt_id: str) -> APIError:
    # The mock has no dashboard: every prompt id is one it does not know.
    return APIError(404, f"Prompt with id '{prompt_id}' not found.")


def previous_response_not_found(response_id: str) -> APIError:
    # A response made with ``store: false`` was never kept: the same answer as an unknown id.
    return APIError(
        400,
        f"Previous response with id '{response_id}' not found.",
        param="previous_response_id",
        code="previous_response_not_found",
    )


def mutually_exclusive() -> APIError:
    return APIError(
        400,
        "Mutually exclusive parameters: Ensure you are only providing one of: "
        "'previous_response_id' or 'conversation'.",
    )


def not_background(response_id: str) -> APIError:
    return APIError(400, "Cannot cancel a synchronous response.")


def no_tool_call_for_output(call_id: str) -> APIError:
    return APIError(
        400, f"No tool call found for function call output with call_id {call_id}.", param="input"
    )


def no_tool_output(call_id: str) -> APIError:
    return APIError(400, f"No tool output found for function call {call_id}.", param="input")


def json_word_missing() -> APIError:
    return APIError(
        400,
        "Response input messages must contain the word 'json' in some form to use 'text.format' "
        "of type 'json_object'.",
        param="text.format",
    )


def format_not_supported(kind: str) -> APIError:
    return APIError(
        400,
        f"Invalid parameter: 'text.format' of type '{kind}' is not supported with this model.",
        param="text.format",
    )


def input_too_long() -> APIError:
    return APIError(
        400,
        "Your input exceeds the context window of this model. Please adjust your input and try "
        "again.",
        param="input",
        code="context_length_exceeded",
    )


def tool_not_served(kind: str, where: str) -> APIError:
    # Built-in tools that need what this mock does not have (a JavaScript runtime for
    # programmatic tool calling): a clear refusal rather than a made-up answer.
    return APIError(
        400,
        f"The '{kind}' tool is not supported by this mock server.",
        param=where,
        code="unsupported_value",
    )


def hosted_choice_not_found(kind: str) -> APIError:
    # The real API's wording for a built-in tool forced by ``tool_choice`` but not given.
    return APIError(
        400, f"Tool choice '{kind}' not found in 'tools' parameter.", param="tool_choice"
    )


def background_needs_store() -> APIError:
    return APIError(
        400,
        "Invalid value for 'store': background mode requires 'store' to be true.",
        param="store",
    )


def only_known(where: str, given: Mapping[str, Any], keys: Sequence[str]) -> None:
    """The first key of the object at ``where`` that is not one of ``keys``, refused as
    the Responses API refuses an unknown nested field."""
    for key in given:
        if key not in keys:
            raise unknown_parameter(f"{where}.{key}")


def mcp_server_unreachable(label: str) -> APIError:
    # The real API's answer when it cannot list an MCP server's tools: a 424, not a 400.
    return APIError(
        424,
        f"Error retrieving tool list from MCP server: '{label}'. Http status code: 424 "
        "(Failed Dependency)",
        type="external_connector_error",
        param="tools",
        code="http_error",
    )
