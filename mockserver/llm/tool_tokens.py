"""Function tools as the API writes them into the prompt, and the tokens they cost.

The API does not show the model JSON schemas: it renders each function as a TypeScript-style
declaration inside a ``functions`` namespace. Counting that text, with the adjustments below,
is the method of hmarr/openai-chat-tokens, found by comparing many requests with the
``prompt_tokens`` the API reported; for the seed's Boston weather example on gpt-4o it gives
the 80 the real API reported."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import orjson

from .. import tokens
from ..generate.json_schema import written_key

DEFINITIONS_OVERHEAD = 9  # per request with functions
SYSTEM_REUSED = 4  # the definitions join an existing system message instead of adding one
FORCED_CALL_OVERHEAD = 4  # tool_choice naming a function: its name plus these
NONE_CHOICE_OVERHEAD = 1  # tool_choice "none"
_SYSTEM_ROLES = ("system", "developer")
REMEMBERED_DEFINITIONS = 256  # distinct (tools, encoding) counts kept
REMEMBERED_BYTES = 1 << 16  # longer definitions are rendered and counted each time


def render(functions: Sequence[Mapping[str, Any]]) -> str:
    lines = ["namespace functions {", ""]
    for function in functions:
        if function.get("description"):
            lines.append(f"// {function['description']}")
        parameters = function.get("parameters")
        parameters = parameters if isinstance(parameters, Mapping) else {}
        if _properties_of(parameters):
            lines.append(f"type {function.get('name', '')} = (_: {{")
            lines.append(_properties(parameters, 0))
            lines.append("}) => any;")
        else:
            lines.append(f"type {function.get('name', '')} = () => any;")
        lines.append("")
    lines.append("} // namespace functions")
    return "\n".join(lines)


def _properties_of(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else {}


def _properties(schema: Mapping[str, Any], indent: int) -> str:
    required = schema.get("required")
    required = required if isinstance(required, list) else []
    lines = []
    for name, prop in _properties_of(schema).items():
        prop = prop if isinstance(prop, Mapping) else {}
        if prop.get("description"):
            lines.append(f"// {prop['description']}")
        optional = "" if name in required else "?"
        lines.append(f"{name}{optional}: {_type(prop, indent)},")
    return "\n".join(" " * indent + line for line in lines)


def _type(prop: Mapping[str, Any], indent: int) -> str:
    kind = prop.get("type")
    enum = prop.get("enum")
    if kind == "string":
        return " | ".join(f'"{v}"' for v in enum) if isinstance(enum, list) else "string"
    if kind in ("number", "integer"):
        return " | ".join(json.dumps(v) for v in enum) if isinstance(enum, list) else "number"
    if kind in ("boolean", "null"):
        return str(kind)
    if kind == "object":
        return "\n".join(["{", _properties(prop, indent + 2), "}"])
    if kind == "array":
        items = prop.get("items")
        return f"{_type(items, indent)}[]" if isinstance(items, Mapping) else "any[]"
    if isinstance(kind, list):  # ["string", "null"]: a union
        return " | ".join(_type({**prop, "type": k}, indent) for k in kind)
    return "any"


def functions_of(tools: Iterable[Any]) -> list[Mapping[str, Any]]:
    return [
        tool["function"]
        for tool in tools
        if isinstance(tool, Mapping)
        and tool.get("type", "function") == "function"
        and isinstance(tool.get("function"), Mapping)
    ]


def definitions_tokens(tools: Iterable[Any], encoding: str) -> int:
    """The tokens of the ``functions`` namespace the function tools among ``tools`` render
    to, with its overhead (0 without any).

    A client re-sends the same tools every turn, so the count is remembered by the tools'
    JSON as orjson writes it (the same bytes are the same values, types and key order, which
    is all the rendering reads: the tools are what orjson read from a body, and it writes
    them back exactly)."""
    written = written_key(tools, REMEMBERED_BYTES)
    if written is not None:
        return _written_tokens(written, encoding)
    return _definitions_tokens(tools, encoding)


@lru_cache(maxsize=REMEMBERED_DEFINITIONS)
def _written_tokens(written: bytes, encoding: str) -> int:
    return _definitions_tokens(orjson.loads(written), encoding)


def _definitions_tokens(tools: Iterable[Any], encoding: str) -> int:
    functions = functions_of(tools)
    if not functions:
        return 0
    return tokens.count(render(functions), encoding) + DEFINITIONS_OVERHEAD


def prompt_tokens(
    tools: Iterable[Any], messages: Sequence[Mapping[str, Any]], tool_choice: Any, encoding: str
) -> int:
    """What function tools add to a request's prompt tokens (0 without any)."""
    total = definitions_tokens(tools, encoding) if tools else 0
    if not total:
        return 0
    system = next((m for m in messages if m.get("role") in _SYSTEM_ROLES), None)
    if system is not None:
        # The first system message is padded with a newline, and the definitions join it.
        content = system.get("content")
        if isinstance(content, str):
            total += tokens.count(content + "\n", encoding) - tokens.count(content, encoding)
        total -= SYSTEM_REUSED
    if tool_choice == "none":
        total += NONE_CHOICE_OVERHEAD
    elif isinstance(tool_choice, Mapping):
        name = (tool_choice.get("function") or {}).get("name")
        if isinstance(name, str):
            total += tokens.count(name, encoding) + FORCED_CALL_OVERHEAD
    return total
