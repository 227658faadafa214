"""Shape validators: the installed ``openai`` SDK's types (always there) and OpenAI's OpenAPI
description (when ``OPENAI_OPENAPI_SPEC`` points at it).

The SDK's pydantic models accept unknown keys and default most optional fields, so validating
with them alone proves little. ``validate_sdk`` validates the wire JSON in strict mode and then
walks the data beside the parsed object to reject keys the type does not declare and keys the
real API always sends but the SDK lets default (``ALWAYS_SENT``).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pydantic
from openai.types import Batch, Completion, CompletionChoice, FileObject, Model
from openai.types.shared import ErrorObject
from pydantic import BaseModel, TypeAdapter

SPEC_ENV = "OPENAI_OPENAPI_SPEC"
SPEC_URI = "urn:openai:openapi"


class ShapeError(AssertionError):
    """A body does not have the shape the SDK type or the OpenAPI schema describes."""


# Keys the SDK types make optional (``= None``) though the real API sends them on every
# response, ``null`` when empty: a server that leaves them out breaks code reading them.
ALWAYS_SENT: dict[str, frozenset[str]] = {
    "openai.types.chat.chat_completion.ChatCompletion": frozenset({"usage"}),
    "openai.types.chat.chat_completion.Choice": frozenset({"logprobs"}),
    "openai.types.chat.chat_completion_chunk.Choice": frozenset({"finish_reason"}),
    "openai.types.completion.Completion": frozenset({"usage"}),
    "openai.types.completion_choice.CompletionChoice": frozenset({"logprobs"}),
    "conformance.schemas.CompletionStreamChoice": frozenset({"logprobs", "finish_reason"}),
    "openai.types.shared.error_object.ErrorObject": frozenset({"param", "code"}),
    "openai.types.beta.assistant.Assistant": frozenset(
        {"name", "description", "instructions", "metadata", "top_p", "temperature"}
        | {"tool_resources", "response_format"}
    ),
}


class ErrorEnvelope(BaseModel):
    """``{"error": {...}}``: the SDK has the inner object but no type for the envelope."""

    model_config = pydantic.ConfigDict(extra="allow")
    error: ErrorObject


class ModelList(BaseModel):
    """``GET /models``: the SDK reads it as a page of ``Model`` and has no type of its own."""

    model_config = pydantic.ConfigDict(extra="allow")
    object: Literal["list"]
    data: list[Model]


class FileList(BaseModel):
    """``GET /files``: the SDK reads it as a page of ``FileObject`` and has no type of its own."""

    model_config = pydantic.ConfigDict(extra="allow")
    object: Literal["list"]
    data: list[FileObject]
    first_id: str | None
    last_id: str | None
    has_more: bool


def without_nulls(data: Any) -> Any:
    """``data`` without its null members, at any depth: the spec types many optional fields
    (a batch's timestamps, a list's ``first_id``) as non-null, while the API sends null for
    those that do not apply yet (NOTES quirk 7)."""
    if isinstance(data, dict):
        return {k: without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [without_nulls(v) for v in data]
    return data


class BatchList(BaseModel):
    """``GET /batches``: the SDK reads it as a page of ``Batch`` and has no type of its own."""

    model_config = pydantic.ConfigDict(extra="allow")
    object: Literal["list"]
    data: list[Batch]
    first_id: str | None
    last_id: str | None
    has_more: bool


class CompletionStreamChoice(CompletionChoice):
    """A streamed legacy-completion choice: ``finish_reason`` is null until the last chunk
    (the SDK reuses ``Completion`` for chunks without validating them)."""

    finish_reason: Literal["stop", "length", "content_filter"] | None  # type: ignore[assignment]


class CompletionStreamChunk(Completion):
    choices: list[CompletionStreamChoice]  # type: ignore[assignment]


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@functools.cache
def _adapter(model_cls: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model_cls)


def _format_pydantic(err: pydantic.ValidationError, limit: int = 5) -> str:
    lines = []
    for item in err.errors()[:limit]:
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in item["loc"])
        got = json.dumps(item.get("input"), ensure_ascii=False, default=str)
        lines.append(f"{path}: {item['msg']} (got {got[:80]})")
    more = len(err.errors()) - limit
    return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def validate_sdk(
    model_cls: Any, data: Any, *, allow_extra: Iterable[str] = (), require: Iterable[str] = ()
) -> None:
    """Strictly validate ``data`` (decoded JSON) against an SDK type.

    Fails on: wrong types (strict JSON mode: no "9" for 9, no 9.5 for an int), missing
    required keys, keys the type does not declare (at any depth), and missing ``ALWAYS_SENT``
    keys. ``allow_extra`` names extra keys to tolerate anywhere (e.g. a documented field newer
    than the installed SDK); ``require`` adds top-level keys that must be present.
    """
    name = getattr(model_cls, "__name__", str(model_cls))
    try:
        parsed = _adapter(model_cls).validate_json(json.dumps(data), strict=True)
    except pydantic.ValidationError as err:
        raise ShapeError(f"{name}: {_format_pydantic(err)}") from None
    missing = [key for key in require if not (isinstance(data, Mapping) and key in data)]
    if missing:
        raise ShapeError(f"{name}: $: missing required key(s) {missing}")
    problems: list[str] = []
    _walk(parsed, data, "$", frozenset(allow_extra), problems)
    if problems:
        raise ShapeError(f"{name}: " + "; ".join(problems[:5]))


def _walk(obj: Any, raw: Any, path: str, allowed: frozenset[str], out: list[str]) -> None:
    if isinstance(obj, BaseModel) and isinstance(raw, Mapping):
        cls = type(obj)
        by_key = {(f.alias or n): n for n, f in cls.model_fields.items()}
        extra = sorted(k for k in raw if k not in by_key and k not in allowed)
        if extra:
            out.append(f"{path}: unknown key(s) {extra} for {cls.__name__}")
        absent = sorted(ALWAYS_SENT.get(_qualname(cls), frozenset()) - raw.keys())
        if absent:
            out.append(f"{path}: missing key(s) {absent} (the real API always sends them)")
        for key, value in raw.items():
            if key in by_key:
                _walk(getattr(obj, by_key[key]), value, f"{path}.{key}", allowed, out)
    elif isinstance(obj, list | tuple) and isinstance(raw, list):
        for i, (item, raw_item) in enumerate(zip(obj, raw, strict=False)):
            _walk(item, raw_item, f"{path}[{i}]", allowed, out)
    elif isinstance(obj, Mapping) and isinstance(raw, Mapping):
        for key, value in raw.items():
            if key in obj:
                _walk(obj[key], value, f"{path}.{key}", allowed, out)


# --- OpenAPI -------------------------------------------------------------------------------


def spec_path() -> str | None:
    path = os.environ.get(SPEC_ENV, "").strip()
    return path if path and os.path.isfile(path) else None


def load_spec(path: str | None = None) -> dict[str, Any] | None:
    """The OpenAPI document with the NOTES.md quirks rewritten for Draft 2020-12; None when no
    spec is configured or the file is missing. Loaded once per process per path."""
    if path is None:
        path = spec_path()
    if not path or not os.path.isfile(path):
        return None
    return _load_spec(os.path.realpath(path))


@functools.cache
def _load_spec(path: str) -> dict[str, Any]:
    cache = _cache_file(path)
    try:
        with open(cache, encoding="utf-8") as f:
            cached: dict[str, Any] = json.load(f)
            return cached
    except (OSError, ValueError):
        pass
    spec = read_yaml(path)
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        spec["components"]["schemas"][name] = _rewrite(schema, name)
    _write_cache(cache, spec)
    return spec


def read_yaml(path: str) -> dict[str, Any]:
    """The spec as written (no quirk rewritten), read with libyaml's safe loader when present."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.load(f, Loader=loader)  # a safe loader
    return spec


def _cache_file(path: str) -> str:
    """The rewritten spec as JSON beside the temp dir: parsing 3 MB of YAML takes seconds,
    JSON a tenth of that. Keyed by path, size, mtime and this module's rewrite version."""
    st = os.stat(path)
    key = hashlib.sha256(f"{path}|{st.st_size}|{st.st_mtime_ns}|{_REWRITE_VERSION}".encode())
    return os.path.join(tempfile.gettempdir(), f"openapi-rewritten-{key.hexdigest()[:16]}.json")


def _write_cache(cache: str, spec: dict[str, Any]) -> None:
    tmp = f"{cache}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(spec, f, separators=(",", ":"), default=str)
        os.replace(tmp, cache)  # atomic: parallel workers never read half a file
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)


_REWRITE_VERSION = 1
_DROP = frozenset({"discriminator", "x-oaiMeta", "x-stainless-const", "x-oaiTypeLabel"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
_DATA = frozenset({"example", "examples", "default", "enum", "const"})


def _rewrite(node: Any, component: str) -> Any:
    """Turn the spec's OpenAPI 3.0 leftovers into Draft 2020-12 (see NOTES.md, quirks 1-5).

    ``node`` is a schema: maps of schemas (``properties``) are entered by name, so a property
    called ``nullable`` or ``discriminator`` is never taken for the keyword."""
    if isinstance(node, list):
        return [_rewrite(item, component) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _rewrite(sub, component) for name, sub in value.items()}
        elif key in _DATA:
            out[key] = value
        else:
            out[key] = _rewrite(value, component)
    if out.get("format") == "unixtime":  # a custom format: no validation meaning
        out.pop("format")
    if out.get("$recursiveRef") == "#":
        del out["$recursiveRef"]
        out["$ref"] = f"#/components/schemas/{component}"
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        # 3.0's boolean form; under 2020-12 ``true`` would mean "greater than 1"
        if isinstance(out.get(exclusive), bool) and out.pop(exclusive) and bound in out:
            out[exclusive] = out.pop(bound)
    # Overlapping branches (real payloads match two of them) fail oneOf's "exactly one".
    if isinstance(out.get("oneOf"), list):
        branches = out.pop("oneOf")
        if "anyOf" in out:
            out["allOf"] = [*out.get("allOf", []), {"anyOf": branches}]
        else:
            out["anyOf"] = branches
    if out.get("nullable") is True:
        del out["nullable"]
        return {"anyOf": [out, {"type": "null"}]}
    if isinstance(out.get("nullable"), bool):
        del out["nullable"]
    return out


@functools.cache
def _validator(path: str, component: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec = _load_spec(path)
    if component not in spec.get("components", {}).get("schemas", {}):
        raise KeyError(f"no component schema {component!r} in {path}")
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#/components/schemas/{component}"}, registry=registry
    )


def validate_openapi(component: str, data: Any) -> bool:
    """Validate against ``#/components/schemas/<component>``. False (nothing checked) when no
    spec is configured; True when valid; ``ShapeError`` naming the failing path otherwise."""
    path = spec_path()
    if path is None:
        return False
    from jsonschema.exceptions import best_match

    validator = _validator(os.path.realpath(path), component)
    error = best_match(validator.iter_errors(data))
    if error is not None:
        where = error.json_path
        raise ShapeError(f"{component} (OpenAPI): {where}: {error.message[:300]}")
    return True


def spec_rewritten_copy(schema: Mapping[str, Any], component: str = "") -> Any:
    """The quirk rewrite applied to one schema (for tests and ad-hoc schemas)."""
    return _rewrite(copy.deepcopy(dict(schema)), component)
