from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time
from typing import Any
from unittest.mock import patch

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.generate import json_schema
from mockserver.generate.json_schema import find_places, instance

SEEDS = range(25)


def assert_valid(schema: dict[str, Any], value: Any) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(value))
    assert not errors, (value, [e.message for e in errors])


TREE = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
            "required": ["label", "children"],
            "additionalProperties": False,
        }
    },
    "$ref": "#/$defs/node",
}
LINKED_LIST = {
    "definitions": {
        "cell": {
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "next": {"anyOf": [{"$ref": "#/definitions/cell"}, {"type": "null"}]},
            },
            "required": ["value", "next"],
        }
    },
    "type": "object",
    "properties": {"head": {"$ref": "#/definitions/cell"}},
    "required": ["head"],
}
HAND_WRITTEN: list[dict[str, Any]] = [
    {"type": "string"},
    {"type": "integer", "minimum": 3, "maximum": 7},
    {"type": "integer", "exclusiveMinimum": 3, "exclusiveMaximum": 5},
    {"type": "integer", "multipleOf": 7, "minimum": 50, "maximum": 80},
    {"type": "number", "minimum": -1.5, "maximum": -1.25},
    {"type": "number", "multipleOf": 0.1, "minimum": 0, "maximum": 1},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.001},
    {"type": "boolean"},
    {"type": "null"},
    {"enum": ["red", 3, None]},
    {"const": {"fixed": [1, 2]}},
    {"type": ["string", "null"], "maxLength": 3},
    {"type": "string", "minLength": 30, "maxLength": 32},
    {"type": "string", "maxLength": 0},
    {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
    {"type": "string", "pattern": "^(cat|dog|bird)s?$"},
    {"type": "string", "pattern": "^[a-f0-9]{8}(-[a-f0-9]{4}){3}$", "minLength": 23},
    {"type": "string", "pattern": "\\w+@\\w+\\.com"},
    {"type": "array", "items": {"type": "integer"}, "minItems": 4, "maxItems": 4},
    {"type": "array", "items": {"type": "boolean"}, "uniqueItems": True, "minItems": 2},
    {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False},
    {"type": "array", "items": {"enum": ["a", "b", "c"]}, "maxItems": 0},
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "tags": {"type": "array"}},
            "required": ["id"],
            "additionalProperties": False,
        },
        "minItems": 1,
    },
    {
        "type": "object",
        "properties": {
            "address": {
                "type": "object",
                "properties": {
                    "street": {"type": "string"},
                    "zip": {"type": "string", "pattern": "^\\d{5}$"},
                    "geo": {
                        "type": "object",
                        "properties": {"lat": {"type": "number"}, "lng": {"type": "number"}},
                        "required": ["lat", "lng"],
                    },
                },
                "required": ["street", "zip", "geo"],
                "additionalProperties": False,
            },
            "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": ["address", "nickname"],
        "additionalProperties": False,
    },
    {
        "allOf": [
            {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
            {"properties": {"b": {"type": "string"}}, "required": ["b"]},
        ]
    },
    {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0.5, "maximum": 0.75}]},
    {"type": "object", "minProperties": 3, "properties": {"x": {"type": "integer"}}},
    {"type": "object", "properties": {"a": {"type": "string"}}, "dependentRequired": {}},
    {"anyOf": [{"type": "string", "format": "email"}, {"type": "integer"}]},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "date"},
    {"type": "string", "format": "time"},
    {"type": "string", "format": "uuid"},
    {"type": "string", "format": "uri"},
    {"type": "string", "format": "email"},
    {"not": {"type": "string"}},
    TREE,
    LINKED_LIST,
    {},
]


@pytest.mark.parametrize("schema", HAND_WRITTEN)
def test_hand_written_schemas(schema: dict[str, Any]) -> None:
    for seed in SEEDS:
        assert_valid(schema, instance(schema, seed, hint="Book a table in Paris for Maria"))


@pytest.mark.parametrize("schema", HAND_WRITTEN)
def test_same_inputs_same_value(schema: dict[str, Any]) -> None:
    assert instance(schema, 5, hint="x") == instance(schema, 5, hint="x")


def test_seeds_vary_the_value() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}, "s": {"type": "string"}}}
    assert len({repr(instance(schema, seed)) for seed in range(20)}) > 5


def test_additional_properties_false_means_no_extras() -> None:
    schema = HAND_WRITTEN[23]
    for seed in SEEDS:
        value = instance(schema, seed)
        assert set(value) <= {"address", "nickname"}
        assert set(value["address"]) == {"street", "zip", "geo"}


def test_optional_properties_are_included_deterministically() -> None:
    schema = {"type": "object", "properties": {k: {"type": "integer"} for k in "abcdefgh"}}
    sizes = {len(instance(schema, seed)) for seed in range(30)}
    assert len(sizes) > 2  # sometimes more, sometimes fewer, but always the same per seed


def test_recursive_refs_terminate_and_nest() -> None:
    depths = set()
    for seed in range(30):
        value = instance(TREE, seed)

        def depth(node: dict[str, Any]) -> int:
            return 1 + max((depth(child) for child in node["children"]), default=0)

        depths.add(depth(value))
    assert max(depths) > 1  # it does recurse, and every value above validated, so it ends


def test_formats_are_real_values() -> None:
    for seed in SEEDS:
        datetime.fromisoformat(instance({"type": "string", "format": "date-time"}, seed))
        date.fromisoformat(instance({"type": "string", "format": "date"}, seed))
        time.fromisoformat(instance({"type": "string", "format": "time"}, seed))
        assert uuid.UUID(instance({"type": "string", "format": "uuid"}, seed)).version == 4
        assert re.fullmatch(r"[\w.]+@[\w.]+\.\w+", instance({"format": "email"}, seed))
        assert instance({"type": "string", "format": "uri"}, seed).startswith("https://")


# --- hints ---------------------------------------------------------------------------------


def test_location_comes_from_the_hint() -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    assert instance(schema, 1, hint="Is it raining in Tokyo?") == {"city": "Tokyo, Japan"}
    assert instance(schema, 1, hint="Find hotels in Springfield")["city"] == "Springfield"
    assert instance(schema, 1, hint="Plan a trip to Glasgow, Scotland")["city"] == (
        "Glasgow, Scotland"
    )
    assert instance(schema, 1, hint="서울 날씨 알려줘") == {"city": "Seoul, South Korea"}


def test_description_suggests_a_location() -> None:
    schema = {
        "type": "object",
        "properties": {"q": {"type": "string", "description": "The city to look up"}},
        "required": ["q"],
    }
    assert instance(schema, 3, hint="weather in Paris") == {"q": "Paris, France"}


def test_name_and_enum_come_from_the_hint() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["name", "unit"],
    }
    for seed in SEEDS:
        value = instance(schema, seed, hint="Send the report to Priya in fahrenheit")
        assert value == {"name": "Priya", "unit": "fahrenheit"}


def test_count_like_numbers_come_from_the_hint() -> None:
    schema = {
        "type": "object",
        "properties": {"num_days": {"type": "integer", "minimum": 1, "maximum": 14}},
        "required": ["num_days"],
    }
    assert instance(schema, 0, hint="forecast for the next 5 days") == {"num_days": 5}


def test_places_override() -> None:
    schema = {"type": "string", "description": "location"}
    assert instance(schema, 0, hint="Boston and Tokyo", places=["Tokyo, Japan"]) == "Tokyo, Japan"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("What's the weather like in Boston today?", ["Boston, MA"]),
        (
            "weather in San Francisco, Tokyo, and Paris?",
            ["San Francisco, CA", "Tokyo, Japan", "Paris, France"],
        ),
        ("New York City or new york?", ["New York, NY"]),
        ("부산이랑 서울 날씨", ["Busan, South Korea", "Seoul, South Korea"]),
        ("Tell me a joke", []),
    ],
)
def test_find_places(text: str, places: list[str]) -> None:
    assert find_places(text) == places


# --- generated schemas ---------------------------------------------------------------------

PATTERNS = ["^[a-z]{2,5}$", "^\\d{3}-\\d{2}$", "^(yes|no)$", "^[A-Z][a-z]+( [A-Z][a-z]+)?$"]
TYPES = ("string", "integer", "number", "boolean", "object", "array")
NAMES = ["location", "name", "id", "email", "count", "tags", "note", "url", "x", "when"]


def _int_schema(lo: int, width: int, step: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": lo, "maximum": lo + width * step, "multipleOf": step}


LEAVES = st.one_of(
    st.builds(
        lambda lo, extra: {"type": "string", "minLength": lo, "maxLength": lo + extra},
        st.integers(0, 12),
        st.integers(0, 12),
    ),
    st.sampled_from([{"type": "string", "format": f} for f in ("date", "uuid", "email", "uri")]),
    st.sampled_from([{"type": "string", "pattern": p} for p in PATTERNS]),
    st.builds(_int_schema, st.integers(-50, 50), st.integers(1, 5), st.integers(1, 4)),
    st.builds(
        lambda lo, width: {"type": "number", "exclusiveMinimum": lo, "maximum": lo + width},
        st.floats(-1e3, 1e3),
        st.floats(0.01, 10),
    ),
    st.just({"type": "boolean"}),
    st.just({"type": "null"}),
    st.builds(lambda v: {"enum": v}, st.lists(st.integers() | st.text(max_size=5), min_size=1)),
)


def _object(props: dict[str, Any], required_count: int, closed: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    schema["required"] = list(props)[:required_count]
    if closed:
        schema["additionalProperties"] = False
    return schema


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(
            _object,
            st.dictionaries(st.sampled_from(NAMES), children, max_size=4),
            st.integers(0, 4),
            st.booleans(),
        ),
        st.builds(
            lambda items, lo, extra: {
                "type": "array",
                "items": items,
                "minItems": lo,
                "maxItems": lo + extra,
            },
            children,
            st.integers(0, 3),
            st.integers(0, 3),
        ),
        st.builds(lambda a: {"anyOf": [a, {"type": "null"}]}, children),
        st.builds(
            lambda a: {**a, "type": [a["type"], "null"]} if a.get("type") in TYPES else a,
            children,
        ),
    )


SCHEMAS = st.recursive(LEAVES, _extend, max_leaves=12)


@settings(max_examples=50, deadline=None)
@given(schema=SCHEMAS, seed=st.integers(0, 2**63), hint=st.sampled_from(["", "Paris", "Ann Lee"]))
def test_generated_schemas_validate(schema: dict[str, Any], seed: int, hint: str) -> None:
    assert_valid(schema, instance(schema, seed, hint=hint))


@settings(max_examples=50, deadline=None)
@given(schema=SCHEMAS, seed=st.integers(0, 2**63))
def test_generated_values_are_deterministic(schema: dict[str, Any], seed: int) -> None:
    assert repr(instance(schema, seed)) == repr(instance(schema, seed))


# The gazetteer as a plain alternation, longest alias first: what the trie must match alike.
_ALTERNATION = re.compile(
    "|".join(
        re.escape(alias) if re.search("[가-힣]", alias) else rf"\b{re.escape(alias)}\b"
        for alias in sorted(json_schema.GAZETTEER, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_PIECES = [
    *json_schema.GAZETTEER,
    *("new", "york", "san", "washington", "d.c.", "city", "in", "the", "x", "1", "bostonx"),
    *("ſ", "K", "İ", "é", "의", "날씨", "ß"),  # letters whose case folds oddly
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_PIECES), st.sampled_from(["", " ", ",", ".", "_", "-"]), st.booleans()
        ),
        min_size=1,
        max_size=8,
    )
)
def test_gazetteer_trie_matches_as_the_alternation(pieces: list[tuple[str, str, bool]]) -> None:
    text = "".join((p.upper() if upper else p) + sep for p, sep, upper in pieces)
    expected = [(m.span(), m.group(0)) for m in _ALTERNATION.finditer(text)]
    assert [(m.span(), m.group(0)) for m in json_schema._GAZETTEER_RE.finditer(text)] == expected
    lowered = [(span, alias.lower()) for span, alias in expected]
    assert json_schema._gazetteer_matches(text) == lowered  # the ASCII path when text is ASCII
    ascii_text = text.encode("ascii", "ignore").decode()
    assert json_schema._gazetteer_matches(ascii_text) == [
        (m.span(), m.group(0).lower()) for m in _ALTERNATION.finditer(ascii_text)
    ]


def test_longest_alias_wins() -> None:
    found = json_schema._GAZETTEER_RE.finditer("NEW YORK CITY, new york, Washington DC now")
    assert [m.group(0) for m in found] == ["NEW YORK CITY", "new york", "Washington DC"]
    assert find_places("서울의 날씨, then Boston") == ["Seoul, South Korea", "Boston, MA"]


def test_hint_words_are_found_only_when_a_string_needs_them() -> None:
    text = "Find the best pizza recipes in Naples"
    with patch.object(json_schema, "salient_words", wraps=json_schema.salient_words) as found:
        city = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
        assert instance(city, 1, hint=text) == {"city": "Naples"}
        assert found.call_count == 0
        query = {
            "type": "object",
            "properties": {"query": {"type": "string"}},
            "required": ["query"],
        }
        assert instance(query, 1, hint=text) == {"query": "pizza recipes Naples"}
        assert found.call_count == 1


def test_a_schemas_validator_is_remembered_by_its_json() -> None:
    json_schema._remembered_validator.cache_clear()
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    assert json_schema._is_valid(dict(schema), {"n": 1})
    assert not json_schema._is_valid(dict(schema), {"n": "1"})  # an equal copy: the same check
    assert json_schema._remembered_validator.cache_info().hits == 1
    unresolvable = {"$ref": "#/$defs/missing"}
    assert json_schema._is_valid(unresolvable, 1) and json_schema._is_valid(unresolvable, 1)
    assert not json_schema._is_valid({"type": "string", "maxLength": 1}, "ab")
