"""The schemas Structured Outputs' strict mode rejects, with the real API's 400 messages.

The same rules hold for ``response_format`` json_schema and for strict function tools; only the
message's prefix names which (``Invalid schema for response_format 'NAME': ...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..generate.json_schema import Path, Schema, resolve_ref

# Keywords Structured Outputs rejects with "'X' is not permitted." (the rest are supported).
UNSUPPORTED_KEYWORDS = (
    "allOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "default",
)
MAX_NESTING = 10
MAX_PROPERTIES = 5000
_ROOT_FORBIDDEN = ("anyOf", "enum")


def strict_schema_error(schema: Any, name: str, kind: str = "response_format") -> str | None:
    """The API's 400 message for a schema strict mode rejects, or None if it is accepted.

    ``kind`` is "response_format" or "function" (strict function tools). Checks, in the API's
    order: the root is an object without a top-level union; each node (depth-first, from the
    root, then ``$defs``/``definitions``) has no unsupported keyword, every object has
    ``additionalProperties: false`` and lists every property in ``required``, every array has
    ``items``; then the nesting depth (10) and total property count (5000) limits.
    """
    prefix = f"Invalid schema for {kind} '{name}': "
    if not isinstance(schema, Mapping) or schema.get("type") != "object":
        got = schema.get("type") if isinstance(schema, Mapping) else None
        shown = "None" if got is None else str(got)
        return (
            f"{prefix}schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{shown}\"'."
        )
    problem = _node_problem(schema, ())
    if problem:
        return prefix + problem
    for key in schema:
        if key in _ROOT_FORBIDDEN:
            return (
                f"{prefix}schema must have type 'object' and not have "
                f"'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level. Found '{key}'."
            )
    levels = _nesting(schema, schema, -1, frozenset())
    if levels > MAX_NESTING:
        return f"{prefix}{levels} levels of nesting exceeds limit of {MAX_NESTING}."
    total = _count_properties(schema)
    if total > MAX_PROPERTIES:
        return f"{prefix}{total} parameters exceeds limit of {MAX_PROPERTIES}."
    return None


def _node_problem(schema: Any, context: Path) -> str | None:
    """The first strict-mode violation at or under ``schema``, phrased as the API does."""
    if not isinstance(schema, Mapping):
        return None
    where = f"In context={context!r}, "
    for keyword in UNSUPPORTED_KEYWORDS:
        if keyword in schema:
            return f"{where}'{keyword}' is not permitted."
    kinds = schema.get("type")
    kind_set = {kinds} if isinstance(kinds, str) else set(kinds or [])
    if "object" in kind_set or "properties" in schema:
        if schema.get("additionalProperties") is not False:
            return f"{where}'additionalProperties' is required to be supplied and to be false."
        required = schema.get("required")
        props = schema.get("properties") or {}
        missing = [k for k in props if not isinstance(required, list) or k not in required]
        if missing:
            return (
                f"{where}'required' is required to be supplied and to be an array including "
                f"every key in properties. Missing '{missing[0]}'."
            )
    if "array" in kind_set and "items" not in schema:
        return f"{where}array schema missing items."
    for step, sub in _children(schema):
        problem = _node_problem(sub, (*context, *step))
        if problem:
            return problem
    return None


def _children(schema: Schema) -> list[tuple[Path, Any]]:
    out: list[tuple[Path, Any]] = []
    for key in ("properties", "$defs", "definitions"):
        for name, sub in (schema.get(key) or {}).items():
            out.append(((key, name), sub))
    if isinstance(schema.get("items"), Mapping):
        out.append((("items",), schema["items"]))
    for i, sub in enumerate(schema.get("prefixItems") or []):
        out.append((("prefixItems", str(i)), sub))
    for i, sub in enumerate(schema.get("anyOf") or []):
        out.append((("anyOf", str(i)), sub))
    return out


def _nesting(root: Schema, schema: Any, parent: int, seen: frozenset[str]) -> int:
    """Deepest container level under ``schema``; the root object is level 0.

    A property or an array's items one object/array deeper adds a level (unions do not); a
    ``$ref`` already being expanded is recursion, which strict mode allows, so it stops there.
    """
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        if schema["$ref"] in seen:
            return parent
        seen = seen | {schema["$ref"]}
        schema = resolve_ref(root, schema["$ref"])
    if not isinstance(schema, Mapping):
        return parent
    level = parent + _container(schema)
    deepest = level
    subs = list((schema.get("properties") or {}).values())
    if isinstance(schema.get("items"), Mapping):
        subs.append(schema["items"])
    for sub in subs:
        deepest = max(deepest, _nesting(root, sub, level, seen))
    for sub in schema.get("anyOf") or []:
        deepest = max(deepest, _nesting(root, sub, parent, seen))
    return deepest


def _container(schema: Any) -> int:
    if not isinstance(schema, Mapping):
        return 0
    kinds = schema.get("type")
    kind_set = {kinds} if isinstance(kinds, str) else set(kinds or [])
    return 1 if kind_set & {"object", "array"} else 0


def _count_properties(schema: Any) -> int:
    if isinstance(schema, Mapping):
        own = len(schema.get("properties") or {})
        return own + sum(_count_properties(v) for v in schema.values())
    if isinstance(schema, list):
        return sum(_count_properties(v) for v in schema)
    return 0
