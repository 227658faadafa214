from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from mockserver.llm.strict_schema import strict_schema_error
from tests.generate.test_json_schema import SCHEMAS


def strict_object(**props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def test_valid_strict_schemas_pass() -> None:
    assert strict_schema_error(strict_object(a={"type": "string"}), "x") is None
    nested = strict_object(
        address=strict_object(city={"type": "string"}),
        tags={"type": "array", "items": {"type": "string"}},
        maybe={"anyOf": [{"type": "string"}, {"type": "null"}]},
        unit={"type": ["string", "null"], "enum": ["c", "f", None]},
    )
    assert strict_schema_error(nested, "x") is None
    recursive = {
        **strict_object(root={"$ref": "#/$defs/node"}),
        "$defs": {"node": strict_object(kids={"type": "array", "items": {"$ref": "#/$defs/node"}})},
    }
    assert strict_schema_error(recursive, "x") is None


def test_missing_additional_properties_at_root() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    assert strict_schema_error(schema, "Answer") == (
        "Invalid schema for response_format 'Answer': In context=(), 'additionalProperties' "
        "is required to be supplied and to be false."
    )


def test_missing_additional_properties_nested_and_for_functions() -> None:
    inner = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    schema = strict_object(address=inner)
    assert strict_schema_error(schema, "get_weather", kind="function") == (
        "Invalid schema for function 'get_weather': In context=('properties', 'address'), "
        "'additionalProperties' is required to be supplied and to be false."
    )


def test_required_must_list_every_property() -> None:
    schema = strict_object(foo={"type": "string"}, bar={"type": "integer"})
    schema["required"] = ["bar"]
    assert strict_schema_error(schema, "NAME") == (
        "Invalid schema for response_format 'NAME': In context=(), 'required' is required to be "
        "supplied and to be an array including every key in properties. Missing 'foo'."
    )
    items = strict_object(x={"type": "string"})
    del items["required"]
    in_array = strict_object(rows={"type": "array", "items": items})
    assert strict_schema_error(in_array, "NAME") == (
        "Invalid schema for response_format 'NAME': In context=('properties', 'rows', 'items'), "
        "'required' is required to be supplied and to be an array including every key in "
        "properties. Missing 'x'."
    )


def test_root_must_be_an_object() -> None:
    assert strict_schema_error({"type": "array", "items": {"type": "string"}}, "L") == (
        "Invalid schema for response_format 'L': schema must be a JSON Schema of "
        "'type: \"object\"', got 'type: \"array\"'."
    )
    assert strict_schema_error({"anyOf": []}, "L", kind="function") == (
        "Invalid schema for function 'L': schema must be a JSON Schema of "
        "'type: \"object\"', got 'type: \"None\"'."
    )


def test_unsupported_keywords() -> None:
    schema = strict_object(a={"type": "string", "default": "x"})
    assert strict_schema_error(schema, "S") == (
        "Invalid schema for response_format 'S': In context=('properties', 'a'), "
        "'default' is not permitted."
    )
    root_all_of = {**strict_object(), "allOf": [strict_object()]}
    assert strict_schema_error(root_all_of, "S") == (
        "Invalid schema for response_format 'S': In context=(), 'allOf' is not permitted."
    )


def test_defs_are_checked_too() -> None:
    schema = {
        **strict_object(a={"$ref": "#/$defs/A"}),
        "$defs": {"A": {"type": "object", "properties": {}, "required": []}},
    }
    assert strict_schema_error(schema, "S") == (
        "Invalid schema for response_format 'S': In context=('$defs', 'A'), "
        "'additionalProperties' is required to be supplied and to be false."
    )


def test_array_needs_items() -> None:
    schema = strict_object(objects={"type": "array"})
    assert strict_schema_error(schema, "get_room_layout", kind="function") == (
        "Invalid schema for function 'get_room_layout': In context=('properties', 'objects'), "
        "array schema missing items."
    )


def test_nesting_limit() -> None:
    def nested(levels: int) -> dict[str, Any]:
        schema = strict_object(leaf={"type": "string"})
        for _ in range(levels):
            schema = strict_object(child=schema)
        return schema

    assert strict_schema_error(nested(10), "deep") is None
    assert strict_schema_error(nested(11), "deep") == (
        "Invalid schema for response_format 'deep': 11 levels of nesting exceeds limit of 10."
    )


def test_property_count_limit() -> None:
    wide = strict_object(**{f"p{i}": {"type": "string"} for i in range(5001)})
    assert strict_schema_error(wide, "wide") == (
        "Invalid schema for response_format 'wide': 5001 parameters exceeds limit of 5000."
    )


@settings(max_examples=50, deadline=None)
@given(schema=SCHEMAS)
def test_strict_check_never_crashes(schema: dict[str, Any]) -> None:
    error = strict_schema_error(schema, "s")
    assert error is None or error.startswith("Invalid schema for response_format 's': ")
