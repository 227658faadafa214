"""What Responses' input items, message parts and tool definitions are walked against past
their own checks (``http.shapes``): the SDK's types, the keys the real API fills in although
the types require them, and the bounds OpenAI's schema sets that the types lack.

Loaded on first use: importing ``openai`` loads its HTTP client too, which the mock's cold
start leaves out (``tests/test_tokens.py``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ...http.metadata import check_attributes
from ...http.params import check_value, param
from ...http.shapes import Limits, LimitsTable, check_shape

_URI = Limits(uri=True)
_CLOSED = Limits(closed=True)
_FUNCTION_NAME = Limits(min_length=1, max_length=128, pattern="^[a-zA-Z0-9_-]+$")


def _an_object(where: str, value: Any) -> None:
    # A JSON schema, where the SDK types it ``object`` (a namespace member's, tool_search's).
    check_value(where, param("object"), value)


def _attributes(where: str, value: Any) -> None:
    check_attributes(value, where)


# The bounds by field name (the SDK's types carry none): ids, names and namespaces, the lists
# that must not be empty, the image tool's ranges, URLs, and the objects the spec closes
# (additionalProperties: false: tool filters, masks, approvals).
BY_NAME: LimitsTable = {
    "call_id": Limits(min_length=1, max_length=64),
    "caller_id": Limits(min_length=1, max_length=64),
    "namespace": Limits(min_length=1, max_length=64, pattern="^[a-zA-Z0-9_-]+$"),
    "name": Limits(min_length=1),
    "skill_id": Limits(min_length=1, max_length=64),
    "domain": Limits(min_length=1),
    "path": Limits(min_length=1),  # an apply_patch operation's file
    "tunnel_id": Limits(pattern="^tunnel_[a-z0-9]{32}$"),
    "allowed_callers": Limits(min_items=1),
    "allowed_domains": Limits(min_items=1),
    "domain_secrets": Limits(min_items=1),
    "skills": Limits(max_items=200),
    "file_ids": Limits(max_items=50),
    "output_compression": Limits(minimum=0, maximum=100),
    "partial_images": Limits(minimum=0, maximum=3),
    "url": _URI,
    "file_url": _URI,
    "image_url": _URI,
    "server_url": _URI,
    "parameters": Limits(check=_an_object),
    "attributes": Limits(check=_attributes),  # a file search result's, as a file's are
    "allowed_tools": _CLOSED,
    "filters": _CLOSED,
    "input_image_mask": _CLOSED,
    "require_approval": _CLOSED,
    "always": _CLOSED,
    "never": _CLOSED,
}


@dataclass(frozen=True)
class Declared:
    item: object
    part: object
    tool: object
    relaxed: tuple[tuple[type, str], ...]
    limits: LimitsTable


@functools.cache
def declared() -> Declared:
    from openai.types.responses.container_network_policy_domain_secret_param import (
        ContainerNetworkPolicyDomainSecretParam,
    )
    from openai.types.responses.function_tool_param import FunctionToolParam
    from openai.types.responses.namespace_tool_param import NamespaceToolParam
    from openai.types.responses.namespace_tool_param import ToolFunction as NamespaceFunction
    from openai.types.responses.response_input_content_param import ResponseInputContentParam
    from openai.types.responses.response_input_image_param import ResponseInputImageParam
    from openai.types.responses.response_input_item_param import ResponseInputItemParam
    from openai.types.responses.response_output_refusal_param import ResponseOutputRefusalParam
    from openai.types.responses.response_output_text_param import ResponseOutputTextParam
    from openai.types.responses.tool_param import ToolParam
    from openai.types.responses.tool_search_output_namespace_tool_param import (
        ToolFunction as SearchedNamespaceFunction,
    )
    from openai.types.responses.tool_search_output_namespace_tool_param import (
        ToolSearchOutputNamespaceToolParam,
    )

    functions = (FunctionToolParam, NamespaceFunction, SearchedNamespaceFunction)
    by_type: LimitsTable = {
        # A function's name wherever the SDK declares one (a top-level one is checked before).
        **{(kind, "name"): _FUNCTION_NAME for kind in functions},
        (NamespaceToolParam, "tools"): Limits(min_items=1),
        (ToolSearchOutputNamespaceToolParam, "tools"): Limits(min_items=1),
        (ContainerNetworkPolicyDomainSecretParam, "value"): Limits(min_length=1),
    }
    return Declared(
        item=ResponseInputItemParam,
        part=ResponseInputContentParam | ResponseOutputTextParam | ResponseOutputRefusalParam,
        tool=ToolParam,
        # What the types require that the real API fills in: an image's detail ("Defaults to
        # `auto`", the reference says), an assistant's output_text annotations (none when a
        # conversation is replayed from text), a function's strict (Responses makes a
        # function strict when its schema allows, tools._check_function).
        relaxed=(
            (ResponseInputImageParam, "detail"),
            (ResponseOutputTextParam, "annotations"),
            (FunctionToolParam, "strict"),
        ),
        limits={**BY_NAME, **by_type},
    )


def check_item(where: str, item: Any) -> None:
    found = declared()
    check_shape(where, item, found.item, found.relaxed, found.limits)


def check_part(where: str, part: Any) -> None:
    found = declared()
    check_shape(where, part, found.part, found.relaxed, found.limits)


def check_tool(where: str, tool: Any) -> None:
    found = declared()
    check_shape(where, tool, found.tool, found.relaxed, found.limits)
