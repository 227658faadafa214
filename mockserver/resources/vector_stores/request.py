"""The vector store requests as typed values, checked as the real API checks them: unknown
arguments, then each parameter's type and range, then the nested objects (chunking strategy,
expiry, attributes, filters)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...http import errors
from ...http.metadata import check_attributes, check_metadata
from ...http.params import Param, check, check_value, param, required
from . import errors as store_errors
from .ingest import AUTO, Chunking

# static chunking: the API reference's limits.
MIN_CHUNK_TOKENS = 100
MAX_CHUNK_TOKENS = 4096
# expires_after.days
MIN_DAYS = 1
MAX_DAYS = 365
# file_ids on a store's creation; a batch takes up to 2,000 files.
MAX_STORE_FILE_IDS = 500
MAX_BATCH_FILES = 2000
MAX_RESULTS = 50
DEFAULT_RESULTS = 10
COMPARISONS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin")
COMPOUNDS = ("and", "or")
RANKERS = ("none", "auto", "default-2024-11-15")
# Compound filters nest; a bound keeps the check (and the match) from recursing without end.
MAX_FILTER_DEPTH = 16
FILE_STATUSES = ("in_progress", "completed", "failed", "cancelled")

CREATE = {
    "name": param("string"),
    "file_ids": param("array", max_items=MAX_STORE_FILE_IDS),
    "chunking_strategy": param("object"),
    "expires_after": param("object"),
    "metadata": param("object"),
    "description": param("string"),
}
MODIFY = {
    "name": param("string"),
    "expires_after": param("object"),
    "metadata": param("object"),
}
ATTACH = {
    "file_id": param("string", required=True),
    "attributes": param("object"),
    "chunking_strategy": param("object"),
}
UPDATE = {"attributes": param("object")}
BATCH = {  # a batch of nothing is refused (the spec's minItems: 1)
    "file_ids": param("array", min_items=1, max_items=MAX_BATCH_FILES),
    "files": param("array", min_items=1, max_items=MAX_BATCH_FILES),
    "attributes": param("object"),
    "chunking_strategy": param("object"),
}
SEARCH = {
    "query": param("string", "array", required=True),
    "max_num_results": param("integer", minimum=1, maximum=MAX_RESULTS),
    "filters": param("object"),
    "ranking_options": param("object"),
    "rewrite_query": param("boolean"),
}
_STRING = param("string")
_INTEGER = param("integer")


def _object(where: str, value: Mapping[str, Any], spec: Mapping[str, Param]) -> None:
    """A nested object: its unknown keys are named with their path, as the API names them."""
    for name in value:
        if name not in spec:
            raise errors.unrecognized_argument(f"{where}.{name}")
    for name, rule in spec.items():
        if rule.required:
            required(f"{where}.{name}", value.get(name), rule)
        elif value.get(name) is not None:
            check_value(f"{where}.{name}", rule, value[name])


def chunking(value: Any, where: str = "chunking_strategy") -> Chunking:
    if value is None:
        return AUTO
    check_value(where, param("object"), value)
    kind = value.get("type")
    required(f"{where}.type", kind, param("string", enum=("auto", "static")))
    if kind == "auto":
        _object(where, value, {"type": _STRING})
        return AUTO
    _object(where, value, {"type": _STRING, "static": param("object", required=True)})
    static = value["static"]
    sizes = {
        "max_chunk_size_tokens": param(
            "integer", required=True, minimum=MIN_CHUNK_TOKENS, maximum=MAX_CHUNK_TOKENS
        ),
        "chunk_overlap_tokens": param("integer", required=True, minimum=0),
    }
    _object(f"{where}.static", static, sizes)
    size, overlap = static["max_chunk_size_tokens"], static["chunk_overlap_tokens"]
    if overlap > size // 2:
        raise store_errors.overlap_too_large(where, overlap, size)
    return Chunking(size, overlap)


def expires_after(value: Any) -> int | None:
    """``expires_after`` as days after ``last_active_at`` (None: never expires)."""
    if value is None:
        return None
    where = "expires_after"
    _object(
        where,
        value,
        {
            "anchor": param("string", required=True, enum=("last_active_at",)),
            "days": param("integer", required=True, minimum=MIN_DAYS, maximum=MAX_DAYS),
        },
    )
    days: int = value["days"]
    return days


def file_ids(value: Any, where: str = "file_ids") -> list[str]:
    for i, file_id in enumerate(value or []):
        check_value(f"{where}[{i}]", _STRING, file_id)
    return list(value or [])


def filters(value: Any, where: str = "filters", depth: int = 1) -> dict[str, Any]:
    """A comparison (``key``, ``type``, ``value``) or compound (``type``, ``filters``) filter,
    checked to the bottom."""
    check_value(where, param("object"), value)
    if depth > MAX_FILTER_DEPTH:
        raise errors.invalid_value(
            where, f"Invalid '{where}': filters nest at most {MAX_FILTER_DEPTH} levels deep."
        )
    kind = value.get("type")
    required(f"{where}.type", kind, param("string", enum=COMPARISONS + COMPOUNDS))
    if kind in COMPOUNDS:
        _object(where, value, {"type": _STRING, "filters": param("array", required=True)})
        for i, inner in enumerate(value["filters"]):
            filters(inner, f"{where}.filters[{i}]", depth + 1)
        return dict(value)
    scalar = ("string", "number", "boolean")
    spec = {
        "type": _STRING,
        "key": param("string", required=True),
        "value": param(*scalar, "array", required=True),
    }
    _object(where, value, spec)
    if isinstance(value["value"], list):
        for i, item in enumerate(value["value"]):
            check_value(f"{where}.value[{i}]", param("string", "number"), item)
    return dict(value)


@dataclass(frozen=True)
class StoreCreate:
    name: str
    description: str | None
    file_ids: list[str]
    chunking: Chunking
    expires_after_days: int | None
    metadata: dict[str, str]


def parse_create(body: dict[str, Any]) -> StoreCreate:
    check(body, CREATE)
    return StoreCreate(
        name=body.get("name") or "",
        description=body.get("description"),
        file_ids=file_ids(body.get("file_ids")),
        chunking=chunking(body.get("chunking_strategy")),
        expires_after_days=expires_after(body.get("expires_after")),
        metadata=check_metadata(body.get("metadata") or {}),
    )


def parse_modify(body: dict[str, Any]) -> dict[str, Any]:
    """The fields to change: ``name``, ``metadata``, and ``expires_after`` (null removes it)."""
    check(body, MODIFY)
    changes: dict[str, Any] = {}
    if body.get("name") is not None:
        changes["name"] = body["name"]
    if body.get("metadata") is not None:
        changes["metadata"] = check_metadata(body["metadata"])
    if "expires_after" in body:
        changes["expires_after_days"] = expires_after(body["expires_after"])
    return changes


@dataclass(frozen=True)
class FileAttach:
    file_id: str
    attributes: dict[str, str | float | bool] | None
    chunking: Chunking


def parse_attach(body: dict[str, Any]) -> FileAttach:
    check(body, ATTACH)
    return FileAttach(
        file_id=body["file_id"],
        attributes=_attributes(body.get("attributes")),
        chunking=chunking(body.get("chunking_strategy")),
    )


def _attributes(value: Any, where: str = "attributes") -> dict[str, str | float | bool] | None:
    return None if value is None else check_attributes(value, where)


def parse_update(body: dict[str, Any]) -> dict[str, str | float | bool] | None:
    check(body, UPDATE)
    if "attributes" not in body:
        raise errors.missing_parameter("attributes")
    return _attributes(body["attributes"])


def parse_batch(body: dict[str, Any]) -> list[FileAttach]:
    """A batch's files: ``file_ids`` sharing ``attributes`` and ``chunking_strategy``, or
    ``files`` each with its own (the two are exclusive)."""
    check(body, BATCH)
    if body.get("file_ids") is not None and body.get("files") is not None:
        raise store_errors.files_and_file_ids()
    if body.get("files") is not None:
        attached = []
        for i, item in enumerate(body["files"]):
            where = f"files[{i}]"
            check_value(where, param("object"), item)
            _object(where, item, ATTACH)
            attached.append(
                FileAttach(
                    item["file_id"],
                    _attributes(item.get("attributes"), f"{where}.attributes"),
                    chunking(item.get("chunking_strategy"), f"{where}.chunking_strategy"),
                )
            )
        return attached
    if body.get("file_ids") is None:
        raise store_errors.no_files()
    attributes = _attributes(body.get("attributes"))
    strategy = chunking(body.get("chunking_strategy"))
    return [FileAttach(f, attributes, strategy) for f in file_ids(body["file_ids"])]


@dataclass(frozen=True)
class Search:
    queries: list[str]
    max_num_results: int
    filters: dict[str, Any] | None
    score_threshold: float
    rewrite_query: bool


def parse_search(body: dict[str, Any]) -> Search:
    check(body, SEARCH)
    query = body["query"]
    queries = [query] if isinstance(query, str) else file_ids(query, "query")
    if not queries:
        raise errors.array_too_short("query", 1, 0)
    options = body.get("ranking_options") or {}
    _object(
        "ranking_options",
        options,
        {
            "ranker": param("string", enum=RANKERS),
            "score_threshold": param("number", minimum=0, maximum=1),
        },
    )
    found = body.get("filters")
    return Search(
        queries=queries,
        max_num_results=body.get("max_num_results") or DEFAULT_RESULTS,
        filters=None if found is None else filters(found),
        score_threshold=float(options.get("score_threshold") or 0.0),
        rewrite_query=bool(body.get("rewrite_query")),
    )
