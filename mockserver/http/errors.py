"""The API's errors: one exception family, one envelope, the real API's wording.

Handlers raise; ``render`` (called from one place in the app) turns any ``APIError`` into the
``{"error": {"message", "type", "param", "code"}}`` body the real API sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson

INVALID_REQUEST = "invalid_request_error"
API_KEYS_URL = "https://platform.openai.com/account/api-keys"


class APIError(Exception):
    """An error the API answers with: HTTP status plus the four envelope fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = INVALID_REQUEST,
        param: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }

    def render(self) -> bytes:
        # The real API pretty-prints error bodies with two-space indents.
        return orjson.dumps(self.body(), option=orjson.OPT_INDENT_2) + b"\n"


# --- authentication ------------------------------------------------------------------------


def missing_api_key() -> APIError:
    return APIError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization "
        "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password "
        "field (with blank username) if you're accessing the API from your browser and are "
        f"prompted for a username and password. You can obtain an API key from {API_KEYS_URL}.",
    )


def mask_key(key: str) -> str:
    """Mask a key as the real API does: first 8 and last 4 characters, stars between."""
    if len(key) <= 12:
        return key[:2] + "*" * max(len(key) - 2, 0) if len(key) > 2 else "*" * len(key)
    return key[:8] + "*" * (len(key) - 12) + key[-4:]


def incorrect_api_key(key: str) -> APIError:
    return APIError(
        401,
        f"Incorrect API key provided: {mask_key(key)}. You can find your API key at "
        f"{API_KEYS_URL}.",
        code="invalid_api_key",
    )


# --- request shape -------------------------------------------------------------------------


def invalid_url(method: str, path: str) -> APIError:
    return APIError(404, f"Invalid URL ({method} {path})")


def invalid_json() -> APIError:
    return APIError(
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
        "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
        "sent was not valid JSON. If you have trouble figuring out how to fix this, please "
        "contact us through our help center at help.openai.com.)",
    )


def multipart_expected(sent: str) -> APIError:
    """The real API's answer to a JSON (or other) body on an upload endpoint."""
    return APIError(
        415,
        f"Invalid Content-Type header ({sent}), expected multipart/form-data. (HINT: If you're "
        "using curl, you can pass -H 'Content-Type: multipart/form-data')",
    )


def json_expected(content_type: str) -> APIError:
    """The real API's answer to a form upload sent to an endpoint that reads JSON."""
    return APIError(
        400,
        f"Unsupported content type: '{content_type}'. This API method only accepts "
        f"'application/json' requests, but you specified the header 'Content-Type: "
        f"{content_type}'. Please try again with a supported content type.",
        code="unsupported_content_type",
    )


def body_too_large(limit: int) -> APIError:
    return APIError(
        413,
        f"Request body too large. The maximum request size is {limit} bytes.",
        code="request_too_large",
    )


def unrecognized_argument(name: str) -> APIError:
    return APIError(400, f"Unrecognized request argument supplied: {name}")


def missing_model() -> APIError:
    return APIError(400, "you must provide a model parameter")


def missing_parameter(param: str) -> APIError:
    return APIError(
        400,
        f"Missing required parameter: '{param}'.",
        param=param,
        code="missing_required_parameter",
    )


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a decimal",
    str: "a string",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def json_type_name(value: object) -> str:
    """The API's name for a JSON value's type ('a string', 'an array', ...)."""
    return _TYPE_NAMES.get(type(value), "an object")


def invalid_type(param: str, expected: str, value: object) -> APIError:
    return APIError(
        400,
        f"Invalid type for '{param}': expected {expected}, but got {json_type_name(value)} "
        "instead.",
        param=param,
        code="invalid_type",
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def out_of_range(param: str, value: float, *, bound: float, above: bool, integer: bool) -> APIError:
    kind = "integer" if integer else "decimal"
    side, cmp, code_side = (
        ("above maximum", "<=", "above_max") if above else ("below minimum", ">=", "below_min")
    )
    return APIError(
        400,
        f"Invalid '{param}': {kind} {side} value. Expected a value {cmp} {_number(bound)}, "
        f"but got {_number(value)} instead.",
        param=param,
        code=f"{kind}_{code_side}_value",
    )


def array_too_long(param: str, maximum: int, length: int) -> APIError:
    message = (
        f"Invalid '{param}': array too long. Expected an array with maximum length {maximum}, "
        f"but got an array with length {length} instead."
    )
    return invalid_value(param, message, code="array_above_max_length")


def array_too_short(param: str, minimum: int, length: int) -> APIError:
    return APIError(
        400,
        f"Invalid '{param}': empty array. Expected an array with minimum length {minimum}, "
        f"but got an empty array instead."
        if length == 0
        else f"Invalid '{param}': array too short. Expected an array with minimum length "
        f"{minimum}, but got an array with length {length} instead.",
        param=param,
        code="empty_array" if length == 0 else "array_below_min_length",
    )


def quoted_list(values: Sequence[str]) -> str:
    """'a', 'b', and 'c': how the API's messages list values."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def invalid_enum(param: str, value: object, allowed: Sequence[str]) -> APIError:
    return APIError(
        400,
        f"Invalid value: '{value}'. Supported values are: {quoted_list(allowed)}.",
        param=param,
        code="invalid_value",
    )


def invalid_value(param: str, message: str, code: str | None = "invalid_value") -> APIError:
    return APIError(400, message, param=param, code=code)


API_REFERENCE = "https://platform.openai.com/docs/api-reference"


def invalid_field(name: str) -> APIError:
    """The schema-level rejection the API gives, e.g., an empty embeddings input."""
    return APIError(400, f"'$.{name}' is invalid. Please check the API reference: {API_REFERENCE}.")


# --- models ----------------------------------------------------------------------------------


def model_not_found(model: str) -> APIError:
    return APIError(
        404,
        f"The model `{model}` does not exist or you do not have access to it.",
        code="model_not_found",
    )


# --- server-side faults ----------------------------------------------------------------------


def rate_limited(model: str, *, limit: int, retry_after: int, organization: str) -> APIError:
    return APIError(
        429,
        f"Rate limit reached for {model} in organization {organization} on requests per min "
        f"(RPM): Limit {limit}, Used {limit}, Requested 1. Please try again in {retry_after}s. "
        "Visit https://platform.openai.com/account/rate-limits to learn more.",
        type="requests",
        code="rate_limit_exceeded",
        headers={"retry-after": str(retry_after)},
    )


def server_error(request_id: str) -> APIError:
    return APIError(
        500,
        "The server had an error while processing your request. Sorry about that! You can "
        "retry your request, or contact us through our help center at help.openai.com if the "
        f"error persists. (Please include the request ID {request_id} in your message.)",
        type="server_error",
    )


def overloaded(request_id: str) -> APIError:
    return APIError(
        503,
        "That model is currently overloaded with other requests. You can retry your request, "
        "or contact us through our help center at help.openai.com if the error persists. "
        f"(Please include the request ID {request_id} in your message.)",
        type="server_error",
    )


def string_too_long(param: str, maximum: int, length: int) -> APIError:
    return invalid_value(
        param,
        f"Invalid '{param}': string too long. Expected a string with maximum length {maximum}, "
        f"but got a string with length {length} instead.",
        code="string_above_max_length",
    )


def string_too_short(param: str, minimum: int, length: int) -> APIError:
    got = "an empty string" if length == 0 else f"a string with length {length}"
    return invalid_value(
        param,
        f"Invalid '{param}': string too short. Expected a string with minimum length {minimum}, "
        f"but got {got} instead.",
        code="empty_string" if length == 0 else "string_below_min_length",
    )


def pattern_mismatch(param: str, pattern: str) -> APIError:
    return invalid_value(
        param,
        f"Invalid '{param}': string does not match pattern. Expected a string that matches the "
        f"pattern '{pattern}'.",
    )


def malformed_url(param: str) -> APIError:
    return invalid_value(
        param, f"Invalid '{param}'. Expected a valid URL, but got a value with an invalid format."
    )


def unknown_parameter(where: str) -> APIError:
    # A nested field the API does not know, named by its path (Responses, threads, images).
    return APIError(400, f"Unknown parameter: '{where}'.", param=where, code="unknown_parameter")
