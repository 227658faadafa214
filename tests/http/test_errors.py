from __future__ import annotations

import json

import pytest

from mockserver.http import errors


def test_envelope_has_the_four_keys_with_nulls() -> None:
    body = json.loads(errors.unrecognized_argument("foo").render())
    assert body == {
        "error": {
            "message": "Unrecognized request argument supplied: foo",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }


@pytest.mark.parametrize(
    ("key", "masked"),
    [
        ("sk-WRQsP" + "b" * 39 + "xQBt", "sk-WRQsP" + "*" * 39 + "xQBt"),
        ("sk-proj-" + "a" * 40 + "Ei0A", "sk-proj-" + "*" * 40 + "Ei0A"),
        ("short", "sh***"),
    ],
)
def test_key_masking_keeps_eight_first_and_four_last(key: str, masked: str) -> None:
    assert errors.mask_key(key) == masked
    assert errors.incorrect_api_key(key).message == (
        f"Incorrect API key provided: {masked}. You can find your API key at "
        "https://platform.openai.com/account/api-keys."
    )


def test_range_errors_use_the_real_wording() -> None:
    e = errors.out_of_range("temperature", 3, bound=2, above=True, integer=False)
    assert e.message == (
        "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, "
        "but got 3 instead."
    )
    assert (e.param, e.code) == ("temperature", "decimal_above_max_value")
    e = errors.out_of_range("n", 0, bound=1, above=False, integer=True)
    assert e.message == (
        "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead."
    )
    assert e.code == "integer_below_min_value"


def test_type_and_enum_errors() -> None:
    e = errors.invalid_type("messages", "an array", "hi")
    assert e.message == "Invalid type for 'messages': expected an array, but got a string instead."
    assert (e.status, e.param, e.code) == (400, "messages", "invalid_type")
    e = errors.invalid_enum("messages[0].role", "robot", ["system", "user", "assistant"])
    assert e.message == (
        "Invalid value: 'robot'. Supported values are: 'system', 'user', and 'assistant'."
    )


def test_missing_parameter_and_model() -> None:
    e = errors.missing_parameter("messages")
    assert (e.message, e.param, e.code) == (
        "Missing required parameter: 'messages'.",
        "messages",
        "missing_required_parameter",
    )
    assert errors.missing_model().message == "you must provide a model parameter"


def test_fault_errors_carry_real_types() -> None:
    e = errors.rate_limited("gpt-4o", limit=3, retry_after=20, organization="org-x")
    assert (e.status, e.type, e.code) == (429, "requests", "rate_limit_exceeded")
    assert e.headers == {"retry-after": "20"}
    assert "Limit 3, Used 3, Requested 1. Please try again in 20s." in e.message
    assert errors.server_error("req_1").type == "server_error"
    assert errors.overloaded("req_1").status == 503
