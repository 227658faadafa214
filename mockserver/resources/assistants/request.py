"""Checking an assistant's create and modify bodies the way the real API does, and the parts
threads and runs share with it: tools (``code_interpreter``, ``file_search``, ``function``),
``tool_resources``, ``response_format`` ("auto" or an object), and the model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...catalogue import Catalogue, Model
from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import Param, check, check_value, param
from ...llm.family import Sampling, check_sampling
from ...llm.response_format import check_response_format
from ...llm.tools import check_function_tool, tool_kind
from ..vector_stores.request import chunking
from . import errors as assistant_errors

ENDPOINT = "assistants"
TOOL_TYPES = ("code_interpreter", "file_search", "function")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
MAX_TOOLS = 128
MAX_CODE_FILES = 20
MAX_VECTOR_STORES = 1
# The files a vector_stores helper may name (the reference's limit for the newer stores).
MAX_HELPER_FILES = 100_000_000
MAX_FILE_SEARCH_RESULTS = 50
# The ranking the real API fills in for a file_search tool that names none.
DEFAULT_RANKING = {"ranker": "default_2024_08_21", "score_threshold": 0.0}
# name, description, instructions: the real API's length limits.
MAX_LENGTHS = {"name": 256, "description": 512, "instructions": 256_000}

FIELDS: dict[str, Param] = {
    "model": param("string"),
    "name": param("string"),
    "description": param("string"),
    "instructions": param("string"),
    "reasoning_effort": param("string", enum=REASONING_EFFORTS),
    "tools": param("array", max_items=MAX_TOOLS),
    "tool_resources": param("object"),
    "metadata": param("object"),
    "temperature": param("number", minimum=0, maximum=2),
    "top_p": param("number", minimum=0, maximum=1),
    "response_format": param("string", "object"),
}


def assistant_model(catalogue: Catalogue, model_id: Any) -> Model:
    """The model an assistant (or a run) names: the Assistants API's own 400s."""
    if model_id is None:
        raise errors.missing_parameter("model")
    check_value("model", param("string"), model_id)
    model = catalogue.find(model_id)
    if model is None:
        raise assistant_errors.model_not_found(model_id)
    if ENDPOINT not in model.endpoints:
        raise assistant_errors.model_not_supported(model_id)
    return model


def check_lengths(body: Mapping[str, Any]) -> None:
    for name, limit in MAX_LENGTHS.items():
        value = body.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise assistant_errors.string_too_long(name, limit, len(value))


def _file_search(where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    options = tool.get("file_search")
    if options is None:  # false or [] are no object: refused below
        options = {}
    check_value(f"{where}.file_search", param("object"), options)
    spec = param("integer", minimum=1, maximum=MAX_FILE_SEARCH_RESULTS)
    if options.get("max_num_results") is not None:
        check_value(f"{where}.file_search.max_num_results", spec, options["max_num_results"])
    ranking = options.get("ranking_options")
    if ranking is not None:
        check_value(f"{where}.file_search.ranking_options", param("object"), ranking)
        threshold = ranking.get("score_threshold")
        if threshold is None:
            raise errors.missing_parameter(f"{where}.file_search.ranking_options.score_threshold")
        score = param("number", minimum=0, maximum=1)
        check_value(f"{where}.file_search.ranking_options.score_threshold", score, threshold)
        ranker = ranking.get("ranker")
        if ranker is not None:
            rankers = ("auto", "default_2024_08_21")
            check_value(
                f"{where}.file_search.ranking_options.ranker",
                param("string", enum=rankers),
                ranker,
            )
    # An option sent as null is one not given (as everywhere in the API): it gets the default,
    # never an echoed null, which AssistantObject's file_search does not allow.
    given = {name: value for name, value in (ranking or {}).items() if value is not None}
    kept = {name: value for name, value in options.items() if value is not None}
    return {
        "type": "file_search",
        "file_search": {**kept, "ranking_options": {**DEFAULT_RANKING, **given}},
    }


def check_tools(tools: list[Any]) -> list[dict[str, Any]]:
    """The tools as the API keeps them (file_search's ranking and function's ``strict``
    filled in as the real API fills them)."""
    kept = []
    for i, tool in enumerate(tools):
        where = f"tools[{i}]"
        kind = tool_kind(where, tool, TOOL_TYPES)
        if kind == "function":
            check_function_tool(where, tool)
            # A function's optional field sent as null is one not given: it is left out (or
            # ``strict`` defaulted), never echoed as a null FunctionObject does not allow.
            given = {k: v for k, v in tool["function"].items() if v is not None}
            kept.append({"type": "function", "function": {"strict": False, **given}})
        elif kind == "file_search":
            kept.append(_file_search(where, tool))
        else:
            kept.append({"type": "code_interpreter"})
    return kept


def _id_list(where: str, value: Any, limit: int) -> list[str]:
    check_value(where, param("array", max_items=limit), value)
    for k, item in enumerate(value):
        check_value(f"{where}[{k}]", param("string"), item)
    return list(value)


def _vector_store_helpers(where: str, value: Any) -> None:
    """``file_search.vector_stores``: the stores to create with the assistant or thread (one at
    most), each checked as a vector store's own create checks its fields."""
    check_value(where, param("array", max_items=MAX_VECTOR_STORES), value)
    for k, store in enumerate(value):
        at = f"{where}[{k}]"
        check_value(at, param("object"), store)
        for name in store:
            if name not in ("file_ids", "chunking_strategy", "metadata"):
                raise errors.unrecognized_argument(f"{at}.{name}")
        if store.get("file_ids") is not None:
            _id_list(f"{at}.file_ids", store["file_ids"], MAX_HELPER_FILES)
        chunking(store.get("chunking_strategy"), f"{at}.chunking_strategy")
        if store.get("metadata") is not None:
            check_value(f"{at}.metadata", param("object"), store["metadata"])
            check_metadata(store["metadata"], f"{at}.metadata")


def check_tool_resources(resources: Mapping[str, Any] | None) -> dict[str, Any]:
    """``tool_resources``: code_interpreter's ``file_ids`` (up to 20) and file_search's
    ``vector_store_ids`` (up to 1), kept as given (``{}`` when none); file_search names its
    stores by id or by ``vector_stores`` to create, one of the two at least."""
    if not resources:
        return {}
    kept: dict[str, Any] = {}
    for name in resources:
        if name not in ("code_interpreter", "file_search"):
            raise errors.unrecognized_argument(f"tool_resources.{name}")
    code = resources.get("code_interpreter")
    if code is not None:
        where = "tool_resources.code_interpreter"
        check_value(where, param("object"), code)
        ids = code.get("file_ids")
        kept["code_interpreter"] = {
            "file_ids": [] if ids is None else _id_list(f"{where}.file_ids", ids, MAX_CODE_FILES)
        }
    search = resources.get("file_search")
    if search is not None:
        where = "tool_resources.file_search"
        check_value(where, param("object"), search)
        ids = search.get("vector_store_ids")
        helpers = search.get("vector_stores")
        if ids is None and helpers is None:
            raise errors.missing_parameter(f"{where}.vector_store_ids")
        if helpers is not None:
            _vector_store_helpers(f"{where}.vector_stores", helpers)
        kept["file_search"] = {
            "vector_store_ids": []
            if ids is None
            else _id_list(f"{where}.vector_store_ids", ids, MAX_VECTOR_STORES)
        }
    return kept


def check_format(rf: Any, model: Model) -> Any:
    """``response_format``: "auto" (the default) or a text/json_object/json_schema object."""
    if rf is None:
        return "auto"
    if isinstance(rf, str):
        check_value("response_format", param("string", enum=("auto",)), rf)
        return rf
    check_response_format(rf, model, None)
    return dict(rf)


def _sampling(body: Mapping[str, Any], model: Model) -> None:
    sampling = Sampling(
        temperature=body.get("temperature"),
        top_p=body.get("top_p"),
        reasoning_effort=body.get("reasoning_effort"),
    )
    check_sampling(sampling, model, model.id)


def check_fields(body: Mapping[str, Any], model: Model) -> dict[str, Any]:
    """Every field but ``model`` as the assistant keeps it (only those the body gives)."""
    check(body, FIELDS)
    check_lengths(body)
    _sampling(body, model)
    fields: dict[str, Any] = {}
    for name in ("name", "description", "instructions", "reasoning_effort"):
        if name in body:
            fields[name] = body[name]
    if "tools" in body:
        fields["tools"] = check_tools(body["tools"] or [])
    if "tool_resources" in body:
        fields["tool_resources"] = check_tool_resources(body["tool_resources"])
    if "metadata" in body:
        fields["metadata"] = check_metadata(body["metadata"] or {})
    for name in ("temperature", "top_p"):
        if name in body:
            # The real API sends both back as decimals (1.0), whatever was given.
            fields[name] = 1.0 if body[name] is None else float(body[name])
    if "response_format" in body:
        fields["response_format"] = check_format(body["response_format"], model)
    return fields


def model_of(catalogue: Catalogue, body: Mapping[str, Any], current: str | None) -> Model:
    """The model of a create (required) or a modify (the current one unless given)."""
    if current is not None and body.get("model") is None:
        return catalogue.get(current)
    return assistant_model(catalogue, body.get("model"))
