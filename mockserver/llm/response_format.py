"""``response_format``: the real API's checks (text, json_object, json_schema with strict mode)
and what a schema adds to the prompt tokens."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import tokens
from ..catalogue import Model
from ..http import errors
from ..http.params import check_value, param
from . import errors as llm_errors
from .messages import Conversation
from .strict_schema import strict_schema_error
from .tools import check_name

RESPONSE_FORMATS = ("text", "json_object", "json_schema")


def check_response_format(
    rf: Mapping[str, Any], model: Model, conversation: Conversation | None
) -> None:
    """``conversation`` None: a format kept for later (an assistant's), whose messages are not
    known yet, so the word "json" is looked for when it is used."""
    kind = rf.get("type")
    if kind is None:
        raise errors.missing_parameter("response_format.type")
    check_value("response_format.type", param("string", enum=RESPONSE_FORMATS), kind)
    if kind == "json_object":
        if not model.feature("json_object"):
            raise llm_errors.response_format_not_supported("json_object")
        if conversation is not None and not conversation.mentions("json"):
            raise llm_errors.json_word_missing()
    elif kind == "json_schema":
        if not model.feature("structured_outputs"):
            raise llm_errors.response_format_not_supported("json_schema")
        spec = rf.get("json_schema")
        if spec is None:
            raise errors.missing_parameter("response_format.json_schema")
        check_value("response_format.json_schema", param("object"), spec)
        check_name("response_format.json_schema.name", spec.get("name"))
        schema = spec.get("schema")
        if schema is not None:
            check_value("response_format.json_schema.schema", param("object"), schema)
        strict = spec.get("strict")
        if strict is not None:
            check_value("response_format.json_schema.strict", param("boolean"), strict)
        if strict is True:
            problem = strict_schema_error(schema or {}, spec["name"])
            if problem:
                raise llm_errors.invalid_schema(problem, "response_format", None)


def schema_tokens(rf: Mapping[str, Any] | None, encoding: str) -> int:
    """What a json_schema format adds to the prompt: its schema, compactly written."""
    if not rf or rf.get("type") != "json_schema":
        return 0
    schema = (rf.get("json_schema") or {}).get("schema") or {}
    return tokens.count(json.dumps(schema, separators=(",", ":"), sort_keys=True), encoding)
