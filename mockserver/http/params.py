"""Checking a request's parameters the way the real API does, in the order it does: unknown
arguments first, then each declared parameter's presence, type and range."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from . import errors

# The range of the API's int64 parameters (``seed``).
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# JSON kinds a parameter may take; "number" accepts integers too, as JSON does.
EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a decimal",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
}


@dataclass(frozen=True)
class Param:
    kinds: tuple[str, ...] = ()  # empty: any JSON value
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    min_items: int | None = None
    max_items: int | None = None


def param(
    *kinds: str,
    required: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    enum: Sequence[str] | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
) -> Param:
    return _param(
        kinds, required, minimum, maximum, tuple(enum) if enum is not None else None,
        min_items, max_items,
    )  # fmt: skip


@functools.lru_cache(maxsize=512)
def _param(
    kinds: tuple[str, ...],
    required: bool,
    minimum: float | None,
    maximum: float | None,
    enum: tuple[str, ...] | None,
    min_items: int | None,
    max_items: int | None,
) -> Param:
    # Handlers build the same small specs for nested values on every request: share them.
    return Param(kinds, required, minimum, maximum, enum, min_items, max_items)


# Parsed JSON holds these exact types (bool is looked up as itself, not as an int).
_KINDS: dict[type, str] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def kind_of(value: object) -> str:
    """The JSON kind of a parsed value ("null" for None and anything JSON does not make)."""
    return _KINDS.get(type(value), "null")


def check_value(name: str, spec: Param, value: object) -> None:
    """One parameter's type, enum, range and length, with the real API's errors (called for
    every value a body sends: the kind test is inline, and a value takes one branch below)."""
    kinds = spec.kinds
    if kinds:
        kind = _KINDS.get(type(value), "null")
        if kind not in kinds and not (kind == "integer" and "number" in kinds):
            raise errors.invalid_type(name, EXPECTED[kinds[0]], value)
    if isinstance(value, str):
        if spec.enum is not None and value not in spec.enum:
            raise errors.invalid_enum(name, value, spec.enum)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        integer = "number" not in kinds
        if spec.maximum is not None and value > spec.maximum:
            raise errors.out_of_range(name, value, bound=spec.maximum, above=True, integer=integer)
        if spec.minimum is not None and value < spec.minimum:
            raise errors.out_of_range(name, value, bound=spec.minimum, above=False, integer=integer)
    elif isinstance(value, list):
        if spec.max_items is not None and len(value) > spec.max_items:
            raise errors.array_too_long(name, spec.max_items, len(value))
        if spec.min_items is not None and len(value) < spec.min_items:
            raise errors.array_too_short(name, spec.min_items, len(value))


_REQUIRED: dict[int, tuple[Mapping[str, Param], tuple[str, ...]]] = {}


def _required(spec: Mapping[str, Param]) -> tuple[str, ...]:
    # Specs are module constants: remember each one's required names (keyed by identity,
    # with the spec kept alive beside them so the id cannot be reused).
    cached = _REQUIRED.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = (spec, tuple(name for name, rule in spec.items() if rule.required))
        _REQUIRED[id(spec)] = cached
    return cached[1]


def check(body: Mapping[str, Any], spec: Mapping[str, Param]) -> None:
    """Validate ``body`` against ``spec``: unknown arguments first, then missing required ones,
    then each given value; ``null`` stands for "not given" on optional ones."""
    for name in body:
        if name not in spec:
            raise errors.unrecognized_argument(name)
    for name in _required(spec):
        if body.get(name) is None:
            if name == "model":
                raise errors.missing_model()
            raise errors.missing_parameter(name)
    for name, value in body.items():
        if value is not None:
            check_value(name, spec[name], value)


def query_int(request: Request, name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter (``limit``) with the real API's range errors."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.invalid_type(name, "an integer", raw) from None
    if value > maximum:
        raise errors.out_of_range(name, value, bound=maximum, above=True, integer=True)
    if value < minimum:
        raise errors.out_of_range(name, value, bound=minimum, above=False, integer=True)
    return value


def query_order(request: Request) -> str:
    order = request.query_params.get("order", "desc")
    if order not in ("asc", "desc"):
        raise errors.invalid_enum("order", order, ("asc", "desc"))
    return order


def required(where: str, value: Any, spec: Param) -> None:
    """A nested value that must be present, then of the right kind."""
    if value is None:
        raise errors.missing_parameter(where)
    check_value(where, spec, value)
