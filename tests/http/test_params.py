"""The generic parameter checks: which error each wrong value gets, and which wins."""

from __future__ import annotations

import pytest

from mockserver.http.errors import APIError
from mockserver.http.params import Param, check, check_value, param

SPEC = {
    "model": param("string", required=True),
    "input": param("string", "array", required=True, min_items=1, max_items=2),
    "n": param("integer", minimum=1, maximum=8),
    "temperature": param("number", minimum=0, maximum=2),
    "mode": param("string", enum=("fast", "slow")),
    "flag": param("boolean"),
    "anything": param(),
}
BODY = {"model": "m", "input": "hi"}


def _error(body: dict[str, object]) -> APIError:
    with pytest.raises(APIError) as info:
        check(body, SPEC)
    return info.value


def test_a_body_within_the_spec_passes() -> None:
    check({**BODY, "n": 8, "temperature": 1, "mode": "fast", "flag": False, "anything": {}}, SPEC)
    check({**BODY, "n": None, "mode": None}, SPEC)  # null: not given


def test_an_unknown_argument_wins_over_everything_else() -> None:
    error = _error({"input": 7, "extra": 1, "n": "x"})
    assert error.message == "Unrecognized request argument supplied: extra"


def test_a_missing_model_then_a_missing_parameter_then_the_values_in_body_order() -> None:
    assert _error({"input": 7}).message == "you must provide a model parameter"
    assert _error({"model": "m", "input": None}).param == "input"
    assert _error({"model": "m", "input": None}).code == "missing_required_parameter"
    assert _error({"n": "x", "mode": "fast!", **BODY}).param == "n"
    assert _error({"mode": "fast!", "n": "x", **BODY}).param == "mode"


@pytest.mark.parametrize(
    ("name", "value", "code", "message"),
    [
        ("n", 1.5, "invalid_type", "expected an integer, but got a decimal instead."),
        ("n", True, "invalid_type", "expected an integer, but got a boolean instead."),
        ("n", 9, "integer_above_max_value", "Expected a value <= 8, but got 9 instead."),
        ("n", 0, "integer_below_min_value", "Expected a value >= 1, but got 0 instead."),
        ("temperature", "1", "invalid_type", "expected a decimal, but got a string instead."),
        ("temperature", 2.5, "decimal_above_max_value", "Expected a value <= 2, but got 2.5"),
        ("temperature", -1, "decimal_below_min_value", "Expected a value >= 0, but got -1"),
        ("mode", "fastest", "invalid_value", "Supported values are: 'fast' and 'slow'."),
        ("flag", 1, "invalid_type", "expected a boolean, but got an integer instead."),
        ("input", [], "empty_array", "empty array. Expected an array with minimum length 1"),
        ("input", ["a", "b", "c"], "array_above_max_length", "maximum length 2, but got an"),
        ("input", {"a": 1}, "invalid_type", "expected a string, but got an object instead."),
    ],
)
def test_each_wrong_value_gets_its_own_error(
    name: str, value: object, code: str, message: str
) -> None:
    error = _error({**BODY, name: value})
    assert error.param == name and error.code == code
    assert message in error.message


def test_an_integer_is_a_number_and_any_kind_takes_any_value() -> None:
    check_value("temperature", SPEC["temperature"], 2)
    for value in ("x", 1, 1.5, [], {}, True, None):
        check_value("anything", Param(), value)
