"""Checking a nested request value against the type the ``openai`` SDK declares for it (its
``*Param`` TypedDicts, with their unions, literals, lists and maps), with the real API's 400s
for the first thing out of place: the declared-shape walk for the parts of a body whose
shape the resources do not check field by field (an input item's action, a passed-back tool
definition, ...).

As ``params.check`` reads a body: ``null`` is "not given" for an optional key and "missing"
for a required one (unless the type is nullable: then the key must be there, null or not).
Unknown keys are left to the resources, which name them their own way, but in the objects a
``Limits(closed=True)`` names; ``Limits`` also carry the bounds the SDK's types lack.
A union is resolved by the JSON kind of the value, then by its ``type`` (the API's
discriminator), then by the first branch that takes it; its error is the first branch's.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .params import EXPECTED, check_value, kind_of, param

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}
_ARRAYS = (
    collections.abc.Iterable,
    collections.abc.Sequence,
    collections.abc.Collection,
    list,
    tuple,
)
_MAPS = (collections.abc.Mapping, dict)


@dataclass(frozen=True)
class Shape:
    """One declared type: the JSON kinds it takes and how to check inside them."""

    kinds: tuple[str, ...] = ()  # empty: any value
    literals: tuple[object, ...] = ()
    items: Shape | None = None  # an array's items, a map's values
    fields: Mapping[str, tuple[Shape, bool]] = field(default_factory=dict)  # name: (shape, req)
    branches: tuple[Shape, ...] = ()
    nullable: bool = False
    origin: type | None = None  # the TypedDict a record's fields come from


ANY = Shape()


@dataclass(frozen=True)
class Limits:
    """What the API's own schema bounds a field by beyond its type (the SDK's types carry no
    lengths, patterns or ranges); each applies to the values of its kind only."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    uri: bool = False
    min_items: int | None = None
    max_items: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    closed: bool = False  # an object whose unknown keys are refused
    check: Callable[[str, Any], object] | None = None  # a resource's own check of the value


# Limits by field name, or by (TypedDict, field name) where one name means different things.
LimitsTable = Mapping[str | tuple[type, str], Limits]


# http(s), data: or any other scheme, then no blank: what the spec's ``format: uri`` takes.
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


Relaxed = Collection[tuple[type, str]]


def check_shape(
    where: str,
    value: object,
    declared: object,
    relaxed: Relaxed = (),
    limits: LimitsTable | None = None,
) -> None:
    """``value`` checked against the SDK type ``declared``; ``relaxed``: the TypedDicts' keys
    the real API does not require although the SDK marks them required; ``limits``: bounds
    by field name, wherever a field of that name lies."""
    _check(where, value, shape_of(declared, frozenset(relaxed)), limits or {})


def check_limits(where: str, value: object, limits: Limits, shape: Shape = ANY) -> None:
    """One field's bounds (``shape``: its declared shape, for the keys a closed object knows),
    with the real API's 400s."""
    if limits.check is not None:
        limits.check(where, value)
    if limits.closed and isinstance(value, dict):
        known = {name for part in (shape, *shape.branches) for name in part.fields}
        for key in value:
            if key not in known:
                raise errors.unknown_parameter(f"{where}.{key}")
    if isinstance(value, str):
        if limits.max_length is not None and len(value) > limits.max_length:
            raise errors.string_too_long(where, limits.max_length, len(value))
        if limits.min_length is not None and len(value) < limits.min_length:
            raise errors.string_too_short(where, limits.min_length, len(value))
        if limits.pattern is not None and not re.search(limits.pattern, value):
            raise errors.pattern_mismatch(where, limits.pattern)
        if limits.uri and not _URI_RE.match(value):
            raise errors.malformed_url(where)
    elif isinstance(value, list):
        spec = param("array", min_items=limits.min_items, max_items=limits.max_items)
        check_value(where, spec, value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        kind = "integer" if isinstance(value, int) else "number"  # names the range's kind
        spec = param(kind, minimum=limits.minimum, maximum=limits.maximum)
        check_value(where, spec, value)


@functools.lru_cache(maxsize=512)
def shape_of(declared: object, relaxed: frozenset[tuple[type, str]] = frozenset()) -> Shape:
    """The shape of an SDK type, built once (the SDK's types are module constants)."""
    return _build(declared, relaxed, {})


def _build(
    declared: object, relaxed: frozenset[tuple[type, str]], seen: dict[type, Shape]
) -> Shape:
    origin = typing.get_origin(declared)
    args = typing.get_args(declared)
    if origin in (typing.Required, typing.NotRequired, typing.Annotated):
        return _build(args[0], relaxed, seen)
    if origin is typing.Literal:
        return Shape(kinds=tuple(dict.fromkeys(kind_of(v) for v in args)), literals=args)
    if origin in (typing.Union, types.UnionType):
        nullable = type(None) in args
        branches = [_build(a, relaxed, seen) for a in args if a is not type(None)]
        if len(branches) == 1:
            return dataclasses.replace(branches[0], nullable=nullable)
        kinds = () if not all(b.kinds for b in branches) else _union_kinds(branches)
        return Shape(kinds=kinds, branches=tuple(branches), nullable=nullable)
    if origin in _ARRAYS and args:
        return Shape(kinds=("array",), items=_build(args[0], relaxed, seen))
    if origin in _MAPS and len(args) == 2:
        return Shape(kinds=("object",), items=_build(args[1], relaxed, seen))
    if isinstance(declared, type) and declared in _SCALARS:
        return Shape(kinds=(_SCALARS[declared],))
    if isinstance(declared, type) and _is_typeddict(declared):
        return _record(declared, relaxed, seen)
    return ANY  # object, Any: whatever JSON


def _is_typeddict(declared: type) -> bool:
    # The SDK's TypedDicts come from typing_extensions, which typing.is_typeddict does not
    # know on Python 3.11: recognised by what every TypedDict class has.
    return (
        issubclass(declared, dict)
        and hasattr(declared, "__total__")
        and hasattr(declared, "__annotations__")
    )


def _union_kinds(branches: list[Shape]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(kind for branch in branches for kind in branch.kinds))


def _record(declared: type, relaxed: frozenset[tuple[type, str]], seen: dict[type, Shape]) -> Shape:
    if declared in seen:  # a recursive type (a filter of filters): checked to this depth
        return seen[declared]
    seen[declared] = ANY
    # The SDK's modules use string annotations, which leave __required_keys__ empty: the
    # Required[...] markers are read from the hints themselves.
    hints = typing.get_type_hints(declared, include_extras=True)
    total = getattr(declared, "__total__", True)
    fields: dict[str, tuple[Shape, bool]] = {}
    for name, hint in hints.items():
        marker: object = typing.get_origin(hint)
        required = marker is typing.Required or (total and marker is not typing.NotRequired)
        required = required and (declared, name) not in relaxed
        fields[name] = (_build(hint, relaxed, seen), required)
    seen[declared] = built = Shape(kinds=("object",), fields=fields, origin=declared)
    return built


def _expected(kind: str) -> str:
    return EXPECTED.get(kind, "null")


def _takes(shape: Shape, value: object) -> bool:
    kind = kind_of(value)
    if kind == "null":
        return shape.nullable or not shape.kinds
    return not shape.kinds or kind in shape.kinds or (kind == "integer" and "number" in shape.kinds)


def _check(where: str, value: object, shape: Shape, limits: LimitsTable) -> None:
    if value is None and _takes(shape, value):
        return
    if shape.branches:
        _check_union(where, value, shape, limits)
        return
    if not _takes(shape, value):
        raise errors.invalid_type(where, _expected(shape.kinds[0]), value)
    if shape.literals:
        if value not in shape.literals:
            raise errors.invalid_enum(where, value, [str(v) for v in shape.literals])
    elif isinstance(value, list) and shape.items is not None:
        for i, item in enumerate(value):
            _check(f"{where}[{i}]", item, shape.items, limits)
    elif isinstance(value, dict):
        if shape.items is not None:  # a map's values
            for key, item in value.items():
                _check(f"{where}.{key}", item, shape.items, limits)
        for name, (inner, required) in shape.fields.items():
            given = value.get(name)
            if given is not None:
                _check(f"{where}.{name}", given, inner, limits)
                bound = limits.get((shape.origin, name)) if shape.origin else None
                bound = bound or limits.get(name)
                if bound is not None:
                    check_limits(f"{where}.{name}", given, bound, inner)
            elif required and (name not in value or not inner.nullable):
                # Required[Optional[...]]: present, if only as null.
                raise errors.missing_parameter(f"{where}.{name}")


def _type_of(branch: Shape) -> tuple[Shape, bool]:
    return branch.fields.get("type", (ANY, False))


def _discriminated(where: str, value: dict[str, object], branches: list[Shape]) -> list[Shape]:
    """The object branches the value's ``type`` names (all of them when none has a ``type``
    literal)."""
    typed = [b for b in branches if _type_of(b)[0].literals]
    if not typed:
        return branches
    kind = value.get("type")
    if kind is None:
        untyped = [b for b in branches if not _type_of(b)[1]]
        if not untyped:
            raise errors.missing_parameter(f"{where}.type")
        return untyped
    named = [b for b in branches if kind in _type_of(b)[0].literals]
    if named:
        return named
    if not isinstance(kind, str):
        raise errors.invalid_type(f"{where}.type", "a string", kind)
    allowed = dict.fromkeys(str(v) for b in typed for v in _type_of(b)[0].literals)
    raise errors.invalid_enum(f"{where}.type", kind, list(allowed))


def _check_union(where: str, value: object, shape: Shape, limits: LimitsTable) -> None:
    candidates = [b for b in shape.branches if _takes(b, value)]
    if not candidates:
        raise errors.invalid_type(where, _expected(shape.branches[0].kinds[0]), value)
    if isinstance(value, dict):
        objects = [b for b in candidates if b.fields]
        if objects:
            candidates = _discriminated(where, value, objects)
    first: errors.APIError | None = None
    for branch in candidates:
        try:
            _check(where, value, branch, limits)
            return
        except errors.APIError as error:
            first = first or error
    assert first is not None
    raise first
