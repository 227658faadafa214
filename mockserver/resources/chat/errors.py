"""The real API's 400s and 404s that only chat completions give: message shapes and stored
completions."""

from __future__ import annotations

from ...http.errors import APIError


def image_not_supported(index: int, part: int) -> APIError:
    return APIError(
        400,
        "Invalid content type. image_url is only supported by certain models.",
        param=f"messages.[{index}].content.[{part}].type",
    )


def orphan_tool_message(index: int) -> APIError:
    return APIError(
        400,
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
        "message with 'tool_calls'.",
        param=f"messages.[{index}].role",
    )


def unanswered_tool_calls(index: int, ids: list[str]) -> APIError:
    return APIError(
        400,
        "An assistant message with 'tool_calls' must be followed by tool messages responding "
        "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
        + ", ".join(ids),
        param=f"messages.[{index}].role",
    )


def stored_completion_not_found(completion_id: str) -> APIError:
    message = f"Chat completion with id '{completion_id}' not found."
    return APIError(404, message, param="completion_id")


def function_tools_with_effort(model: str) -> APIError:
    # The newest families reason only through /v1/responses when function tools are given.
    return APIError(
        400,
        f"Function tools with reasoning_effort are not supported for {model} in "
        "/v1/chat/completions. To use function tools, use /v1/responses or set "
        "reasoning_effort to 'none'.",
        param="reasoning_effort",
    )
