"""The OpenAPI description the fuzzer runs on: OpenAI's spec (``OPENAI_OPENAPI_SPEC``) cut down
to the operations the mock serves, with its quirks rewritten in memory (nothing is written
to disk, nothing of the spec enters the project). No schemathesis here: ``make test`` checks
these rewrites without the fuzz extra installed.

Rewrites, each for a quirk of OpenAI's description, not of the mock:

- every schema (components and the inline ones under ``paths``) goes through the project's
  one quirk rewrite, ``conformance.schemas.spec_rewritten_copy`` (NOTES.md quirks 1-5:
  ``nullable`` -> ``anyOf`` null, boolean ``exclusiveMinimum`` -> numeric, ``$recursiveRef``
  -> ``$ref``, ``discriminator``/``x-*``/``unixtime`` dropped, overlapping ``oneOf`` -> ``anyOf``);
- ``ERROR_STATUSES``: the spec documents only the 200 (and on some operations a 429), while
  the real API's error guide documents 400/401/404/413/429 with the ``ErrorResponse``
  envelope: each served operation gets those responses, so an error is checked against the
  envelope instead of counting as an undocumented status;
- ``metadata`` in ``GET /chat/completions``'s query is documented as ``metadata[key]=value``
  (deepObject) but declared with the default style (form, exploded: ``key=value``): it gets
  ``style: deepObject``;
- ``text/event-stream`` responses: OpenAPI 3.1 has no word for an event's payload, and the
  spec puts the chunk schema where schemathesis (following OpenAPI 3.2) reads the schema of
  the whole event (``{"event", "data", ...}``); each becomes an event whose ``data`` is the
  ``[DONE]`` terminator or JSON matching the chunk schema (``contentSchema``);
- ``POST /completions`` streams (``stream: true``; the spec says the chunks share
  ``CreateCompletionResponse``'s shape) but documents only ``application/json``: it gets the
  event stream, with ``finish_reason`` null until a choice's last chunk and ``usage`` null
  but on the last (``include_usage``), as the real API sends;
- ``Embedding.embedding`` is declared a list of floats, but ``encoding_format: base64`` (which
  the request schema offers) returns it as a base64 string;
- ``CreateCompletionResponse``'s logprobs: with ``echo`` the prompt's first token has a null
  logprob (nothing precedes it), which the spec's number/object items refuse;
- ``CreateCompletionRequest`` requires ``prompt``, which has a documented default;
- ``ChatCompletionMessageList``'s items are ``ChatCompletionResponseMessage`` (role
  ``assistant`` only, ``refusal`` required), but they are the stored request's messages: the
  spec's own example has ``"role": "user"``, ``name`` and ``content_parts`` and no ``refusal``;
- an optional request parameter sent as ``null`` is read as not given by the real API
  (openai/openai-openapi#45 of ``prompt``: "they can always send null"), and by the mock
  (``mockserver.http.params.check``), but many request schemas (``CreateEmbeddingRequest``'s
  ``dimensions``, ``encoding_format``, ``user``) do not say so: every optional property of a
  served JSON request body also accepts ``null``, at every depth (``tool_resources`` ->
  ``code_interpreter``, ``ranking_options`` -> ``ranker``: the mock's nested checks read null
  the same way): the components a request body reaches are copied for the request side
  (``REQUEST_COPY``), so that the answers keep the spec's own types;
- ``REQUEST_OPTIONAL``: a request image part's ``detail`` ("Defaults to `auto`") and a
  replayed output_text's ``annotations``/``logprobs`` are not required, and an assistant's easy
  message takes output_text and refusal parts (the real API's own 400 for any other part);
- ``ChatCompletionList`` and ``ChatCompletionMessageList`` declare ``first_id``/``last_id``
  non-null strings, but an empty page has no first or last id: the real API sends ``null``
  (NOTES.md quirk 7 notes the same of ``ListAssistantsResponse``); so do the other served lists
  (``EMPTY_PAGE_LISTS``);
- ``NULL_FIELDS``: optional fields the real API sends as ``null`` that the spec types without
  it (a batch's model, files and step timestamps, a file's ``status_details`` and
  ``expires_at``, a store's ``expires_after``); a file's ``purpose`` also takes ``evals``, which
  the upload accepts;
- a realtime session's ``include`` and input ``transcription``/``noise_reduction`` may be null
  (the spec says they "can be set to `null`"; the SDK types them Optional);
- ``required`` lists keep each name once (ContainerResource repeats four), and the container
  lists join ``EMPTY_PAGE_LISTS``;
- a documented error declared as a bare ``Error`` (the 404s of ``DELETE /responses/{id}`` and
  its cancel) is the envelope the real API sends; ``EXTRA_STATUSES``: the real statuses one
  operation leaves out (a batch's cancel 409, a model's delete 403), and a multipart operation's
  415 for a body that is no form;
- ``BINARY_BODIES``: raw bodies with their real media types (a file's content, speech audio).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from conformance.schemas import spec_rewritten_copy

API_PREFIX = "/v1"
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
# 424: the Responses API's answer to an MCP server it cannot reach (every one, offline).
ERROR_STATUSES = ("400", "401", "404", "413", "424", "429")


def served_operations(routes: Iterable[Any] | None = None) -> set[tuple[str, str]]:
    """``(METHOD, spec path)`` for every public route of the mock (``/v1/...``), read from its
    route table; HEAD (answered as GET by the router) is left out, as the spec has none."""
    if routes is None:
        from mockserver.app import route_table

        routes = route_table()
    served: set[tuple[str, str]] = set()
    for route in routes:
        path = getattr(route, "path", "")
        methods = getattr(route, "methods", None)
        if not path.startswith(API_PREFIX + "/") or not methods:
            continue
        # Starlette's converters (``{name:path}``) are plain OpenAPI parameters.
        spec_path = re.sub(r"\{(\w+):\w+\}", r"{\1}", path[len(API_PREFIX) :])
        served.update((m.upper(), spec_path) for m in methods if m.upper() != "HEAD")
    return served


def _rewrite_inline(node: Any) -> Any:
    return spec_rewritten_copy(node) if isinstance(node, dict) else node


def _rewrite_media(content: dict[str, Any]) -> None:
    for media in content.values():
        if isinstance(media, dict) and "schema" in media:
            media["schema"] = _rewrite_inline(media["schema"])


def _rewrite_parameters(params: list[Any]) -> list[Any]:
    out = []
    for param in params:
        param = dict(param)
        if "schema" in param:
            param["schema"] = _rewrite_inline(param["schema"])
        if param.get("in") == "query" and param.get("name") == "metadata":
            # Documented as ``metadata[key1]=value1&metadata[key2]=value2``.
            param.setdefault("style", "deepObject")
            param.setdefault("explode", True)
        out.append(param)
    return out


def _rewrite_operation(op: dict[str, Any]) -> dict[str, Any]:
    op = {k: v for k, v in op.items() if not k.startswith("x-")}
    if "parameters" in op:
        op["parameters"] = _rewrite_parameters(op["parameters"])
    body = op.get("requestBody")
    if isinstance(body, dict) and "content" in body:
        _rewrite_media(body["content"])
    responses = op.setdefault("responses", {})
    for response in responses.values():
        if isinstance(response, dict):
            _rewrite_media(response.get("content", {}))
            for header in response.get("headers", {}).values():
                if isinstance(header, dict) and "schema" in header:
                    header["schema"] = _rewrite_inline(header["schema"])
    for status, response in list(responses.items()):
        # DELETE /responses/{id} and its cancel declare their 404 as a bare ``Error``; the real
        # API wraps it in the envelope like every other error ({"error": {...}}).
        media = response.get("content", {}).get("application/json", {})
        if not status.startswith("2") and media.get("schema") == {"$ref": BARE_ERROR}:
            responses[status] = {"$ref": API_ERROR}
    for status in ERROR_STATUSES:
        responses.setdefault(status, {"$ref": API_ERROR})
    if "multipart/form-data" in op.get("requestBody", {}).get("content", {}):
        responses.setdefault(MULTIPART_REFUSAL, {"$ref": API_ERROR})
    return op


API_ERROR = "#/components/responses/APIError"
BARE_ERROR = "#/components/schemas/Error"


def _fix_operations(paths: dict[str, Any]) -> None:
    """The per-operation statuses and media types of ``EXTRA_STATUSES`` and ``BINARY_BODIES``."""
    for (method, path), statuses in EXTRA_STATUSES.items():
        op = paths.get(path, {}).get(method)
        for status in statuses if op is not None else ():
            op["responses"].setdefault(status, {"$ref": API_ERROR})
    for (method, path), media_types in BINARY_BODIES.items():
        op = paths.get(path, {}).get(method)
        if op is not None:
            content = op["responses"]["200"].setdefault("content", {})
            if method == "get":  # the declared JSON string is no answer the API gives
                content.pop("application/json", None)
            for media_type in media_types:
                content.setdefault(media_type, {"schema": dict(BINARY)})


def sse_event(payload: dict[str, Any]) -> dict[str, Any]:
    """One server-sent event whose ``data`` is ``[DONE]`` or JSON matching ``payload``."""
    json_data = {"contentMediaType": "application/json", "contentSchema": payload}
    return {
        "type": "object",
        "required": ["data"],
        # if/else rather than anyOf: a bad chunk is then reported by the chunk schema's words
        "properties": {"data": {"type": "string", "if": {"const": "[DONE]"}, "else": json_data}},
    }


def _rewrite_events(responses: dict[str, Any]) -> None:
    for response in responses.values():
        if not isinstance(response, dict):
            continue
        media = response.get("content", {}).get("text/event-stream")
        if isinstance(media, dict) and "schema" in media:
            media["schema"] = sse_event(media["schema"])


def _nullable(schema: dict[str, Any], *names: str) -> None:
    for name in names:
        schema["properties"][name] = {"anyOf": [schema["properties"][name], {"type": "null"}]}


def _accepts_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return True
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(_accepts_null(s) for key in ("anyOf", "oneOf") for s in schema.get(key, ()))


def _optional_nullable(schema: Any) -> None:
    """Each optional property of a request schema, at any depth short of a ``$ref`` (and in
    each ``allOf``/``anyOf`` part, by that part's ``required``), also accepts ``null``, as the
    real API reads it: not given."""
    if isinstance(schema, list):
        for part in schema:
            _optional_nullable(part)
        return
    if not isinstance(schema, dict):
        return
    required = set(schema.get("required", ()))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, prop in properties.items():
            _optional_nullable(prop)
            if name not in required and not _accepts_null(prop):
                properties[name] = {"anyOf": [prop, {"type": "null"}]}
    for key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "prefixItems"):
        _optional_nullable(schema.get(key))


COMPONENT = "#/components/schemas/"
# Not OpenAI's: the request side's own copy of a component a request body reaches (the
# response side keeps the original, so that null stays refused where the API never sends it).
REQUEST_COPY = "{}_FuzzRequest"
# Values that hold data, not schemas.
_DATA_KEYS = ("default", "enum", "const", "example", "examples")


def _request_side(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Every served JSON request body, to the bottom, reads an optional ``null`` as not given:
    the components it reaches are copied (``REQUEST_COPY``) and the copies rewritten."""
    copies: dict[str, str] = {}

    def redirect(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                redirect(item)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(COMPONENT):
                node["$ref"] = COMPONENT + copy_of(ref[len(COMPONENT) :])
            for key, value in node.items():
                if key not in _DATA_KEYS:
                    redirect(value)

    def copy_of(name: str) -> str:
        if name not in copies:
            copies[name] = REQUEST_COPY.format(name)
            schemas[copies[name]] = copied = copy.deepcopy(schemas[name])
            redirect(copied)
            _optional_nullable(copied)
        return copies[name]

    for item in paths.values():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {}) if method in METHODS else {}
            schema = content.get("application/json", {}).get("schema")
            if not isinstance(schema, dict):
                continue
            ref = schema.get("$ref", "")
            # The body's own component keeps its name (steering narrows it by that name).
            root = schemas[ref[len(COMPONENT) :]] if ref.startswith(COMPONENT) else schema
            redirect(root)
            _optional_nullable(root)


# Keys the spec requires of a request part that the real API fills in (request side only; the
# answers keep them required): an image's ``detail`` ("Defaults to `auto`", the spec's own
# description of it); an output_text's ``logprobs`` (optional in the SDK's
# ResponseOutputTextParam) and ``annotations`` (required there, but a conversation replayed
# from plain text has none: the mock takes it without, a guess noted in the status file).
REQUEST_OPTIONAL = {
    "InputImageContent": ("detail",),
    "OutputTextContent": ("annotations", "logprobs"),
    # A Responses function without ``strict`` is made strict when its schema allows (the
    # mock's reading of the function-calling guide; responses.tools.RELAXED): guessed.
    "FunctionTool": ("strict",),
}


def _request_optional(schemas: dict[str, Any]) -> None:
    for name, keys in REQUEST_OPTIONAL.items():
        part = schemas.get(REQUEST_COPY.format(name))
        if part is not None:
            part["required"] = [key for key in part.get("required", ()) if key not in keys]
            _optional_nullable(part)  # now optional, null is not given either
    # An easy message of the assistant takes output parts (output_text, refusal) without the
    # id and status an OutputMessage needs: the real API's 400 for an assistant's input_text
    # part is "Invalid value: 'input_text'. Supported values are: 'output_text' and
    # 'refusal'." (param input[1].content[0], quoted in many public client fixes that moved
    # replayed assistant turns to output_text).
    easy = schemas.get(REQUEST_COPY.format("EasyInputMessage"))
    parts = REQUEST_COPY.format("OutputMessageContent")
    if easy is not None and parts in schemas:
        content = easy["properties"]["content"]
        output = {"type": "array", "items": {"$ref": COMPONENT + parts}}
        easy["properties"]["content"] = {"anyOf": [content, output]}


def request_name(schemas: dict[str, Any], name: str) -> str:
    """The name a request body reaches component ``name`` by (its request-side copy)."""
    copied = REQUEST_COPY.format(name)
    return copied if copied in schemas else name


def _unique_required(node: Any) -> None:
    """``required`` lists without repeats: ContainerResource names id, name, created_at and
    status twice, which JSON Schema does not allow (schemathesis refuses the whole schema)."""
    if isinstance(node, list):
        for item in node:
            _unique_required(item)
    elif isinstance(node, dict):
        listed = node.get("required")
        if isinstance(listed, list) and len(set(map(str, listed))) != len(listed):
            node["required"] = list(dict.fromkeys(listed))
        for value in node.values():
            _unique_required(value)


def _fix_components(schemas: dict[str, Any]) -> None:
    """The component quirks of the module docstring (after the generic rewrite)."""
    _unique_required(schemas)
    # A realtime session's answer: input transcription and noise reduction "can be set to
    # `null` to turn off" (the spec's own words; noise_reduction's default is null) and the
    # SDK types both and ``include`` Optional: a session without them shows null.
    session = schemas.get("RealtimeSessionCreateResponseGA")
    if session is not None:
        _nullable(session, "include")
        _nullable(session["properties"]["audio"]["properties"]["input"], "transcription")
        _nullable(session["properties"]["audio"]["properties"]["input"], "noise_reduction")
    for name in ("ChatCompletionList", "ChatCompletionMessageList", *EMPTY_PAGE_LISTS):
        _nullable(schemas[name], "first_id", "last_id")
    for name, fields in NULL_FIELDS.items():
        _nullable(schemas[name], *fields)
    # A file keeps the purpose it was uploaded with, and the upload takes ``evals``, which
    # OpenAIFile's older list lacks (the SDK's FilePurpose has it).
    purpose = schemas["OpenAIFile"]["properties"]["purpose"]
    uploaded = schemas["CreateFileRequest"]["properties"]["purpose"]["enum"]
    purpose["enum"] += [p for p in uploaded if p not in purpose["enum"]]
    embedding = schemas["Embedding"]["properties"]
    embedding["embedding"] = {"anyOf": [embedding["embedding"], {"type": "string"}]}
    # echo: the prompt's first token has no logprob: ``token_logprobs[0]`` and
    # ``top_logprobs[0]`` are null in the real API's answers.
    logprobs = schemas["CreateCompletionResponse"]["properties"]["choices"]["items"]
    logprobs = logprobs["properties"]["logprobs"]["anyOf"][0]["properties"]
    for name in ("token_logprobs", "top_logprobs"):
        logprobs[name]["items"] = {"anyOf": [logprobs[name]["items"], {"type": "null"}]}
    chunk = copy.deepcopy(schemas["CreateCompletionResponse"])
    _nullable(chunk["properties"]["choices"]["items"], "finish_reason")
    # stream_options.include_usage: "All other chunks will also include a usage field, but
    # with a null value" (the spec's own words, in ChatCompletionStreamOptions).
    _nullable(chunk, "usage")
    schemas[COMPLETION_CHUNK] = chunk
    # A stored completion's messages are the request's (the spec's own example: role "user",
    # "name" and "content_parts", no "refusal"), not ChatCompletionResponseMessage's
    # assistant-only answer.
    stored = copy.deepcopy(schemas["ChatCompletionResponseMessage"])
    stored["properties"]["role"] = {"type": "string", "enum": list(STORED_ROLES)}
    stored["properties"]["name"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    stored["required"] = [name for name in stored["required"] if name != "refusal"]
    schemas[STORED_MESSAGE] = stored
    item = schemas["ChatCompletionMessageList"]["properties"]["data"]["items"]
    item["allOf"][0] = {"$ref": f"#/components/schemas/{STORED_MESSAGE}"}
    # ``prompt`` is required only so that SDK users think of it (openai/openai-openapi#45:
    # "they can always send null"); the description gives its default, <|endoftext|>,
    # "if a prompt is not specified".
    completion = schemas["CreateCompletionRequest"]
    completion["required"] = [name for name in completion["required"] if name != "prompt"]


# The other served lists whose first_id/last_id the spec declares non-null strings: an empty
# page has neither, and the real API sends null (NOTES.md quirk 7, of ListAssistantsResponse).
EMPTY_PAGE_LISTS = (
    "ContainerFileListResource",
    "ContainerListResource",
    "ConversationItemList",
    "ListAssistantsResponse",
    "ListBatchesResponse",
    "ListFilesResponse",
    "ListMessagesResponse",
    "ListRunStepsResponse",
    "ListRunsResponse",
    "ListVectorStoreFilesResponse",
    "ListVectorStoresResponse",
    "ResponseItemList",
)
# Optional fields the spec types without null which the real API sends as null (the SDK types
# each Optional): a batch's model, errors, files and the timestamps of the steps it has not
# reached (a real Batch read back with ``cancelled_at=None, errors=None, expired_at=None,
# failed_at=None, output_file_id=None``, ProjectTech4DevAI/kaapi-backend#723); a file's
# deprecated ``status_details`` and its ``expires_at`` when it never expires (a real upload
# answer, ``"status_details":null``, BerriAI/litellm#37527); a vector store made without an
# expiry (a real create answer, ``"expires_after": null``, OpenGPTs-platform/assistants-api#27).
BATCH_STEPS = ("in_progress", "expires", "finalizing", "completed", "failed", "expired")
NULL_FIELDS = {
    "Batch": (
        "model",
        "errors",
        "output_file_id",
        "error_file_id",
        *(f"{step}_at" for step in (*BATCH_STEPS, "cancelling", "cancelled")),
    ),
    "OpenAIFile": ("status_details", "expires_at"),
    "VectorStoreObject": ("expires_after",),
}
# Statuses of the real API one operation's description leaves out, answered with the error
# envelope: cancelling a batch that already ended is a 409 (recorded against the real API, see
# mockserver/resources/batches/errors.py); deleting a model needs the Owner role of the
# organization that fine-tuned it (the reference's words), a permission refusal: 403.
EXTRA_STATUSES = {
    ("post", "/batches/{batch_id}/cancel"): ("409",),
    ("delete", "/models/{model}"): ("403",),
}
# A multipart endpoint sent another content type (or no body) answers 415 "Invalid
# Content-Type header (...), expected multipart/form-data" (mockserver/http/errors.py).
MULTIPART_REFUSAL = "415"
# Media types of bodies the spec declares otherwise: a file's content is its raw bytes (NOTES.md
# quirk 8: declared a JSON string); speech is the audio in ``response_format``'s type, as
# ``Content-Type: audio/mpeg`` for mp3 (the spec says only application/octet-stream).
BINARY = {"type": "string", "format": "binary"}
BINARY_BODIES = {
    ("get", "/files/{file_id}/content"): ("application/octet-stream",),
    ("post", "/audio/speech"): tuple(
        f"audio/{kind}" for kind in ("mpeg", "opus", "aac", "flac", "wav", "pcm")
    ),
}
COMPLETION_CHUNK = "FuzzCompletionStreamChunk"  # not OpenAI's: a streamed legacy completion
STORED_MESSAGE = "FuzzStoredChatMessage"  # not OpenAI's: a message of a stored completion
STORED_ROLES = ("developer", "system", "user", "assistant", "tool", "function")


def fuzz_spec(raw: dict[str, Any], served: set[tuple[str, str]]) -> dict[str, Any]:
    """The spec restricted to ``served`` with every quirk rewrite applied (``raw`` untouched)."""
    spec = copy.deepcopy(raw)
    paths: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        ops = {m: op for m, op in item.items() if m in METHODS and (m.upper(), path) in served}
        if not ops:
            continue
        kept: dict[str, Any] = {m: _rewrite_operation(op) for m, op in ops.items()}
        if "parameters" in item:
            kept["parameters"] = _rewrite_parameters(item["parameters"])
        paths[path] = kept
    spec["paths"] = paths
    _fix_operations(paths)
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name, schema in schemas.items():
        schemas[name] = spec_rewritten_copy(schema, name)
    _fix_components(schemas)
    _request_side(paths, schemas)
    _request_optional(schemas)
    completions = paths.get("/completions", {}).get("post")
    if completions is not None:
        ok = completions["responses"]["200"].setdefault("content", {})
        chunk = {"$ref": f"#/components/schemas/{COMPLETION_CHUNK}"}
        ok.setdefault("text/event-stream", {"schema": chunk})
    for item in paths.values():
        for method, op in item.items():
            if method in METHODS:
                _rewrite_events(op["responses"])
    responses = components.setdefault("responses", {})
    for response in responses.values():
        _rewrite_media(response.get("content", {}))
        for header in response.get("headers", {}).values():
            if isinstance(header, dict) and "schema" in header:
                header["schema"] = _rewrite_inline(header["schema"])
    responses["APIError"] = {
        "description": "An error in the API's envelope (OpenAI's error-codes guide).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    return spec


def operations_in(spec: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (m.upper(), path)
        for path, item in spec.get("paths", {}).items()
        for m in item
        if m in METHODS
    }


# --- steering --------------------------------------------------------------------------------
# Not quirks: narrowing for the positive cases only (the negative ones are drawn from the spec
# unsteered). The spec allows far more than the real API takes (any model name, cross-field
# rules it leaves to prose, families refusing sampling parameters), so without this nearly every
# positive case would stop at a 404 or a 400 and the 200 bodies, the ones most worth validating,
# would hardly be checked.


@dataclass(frozen=True)
class ModelFacts:
    """What steering needs to know of one catalogue model."""

    id: str
    endpoints: frozenset[str]
    reasoning: bool = False
    efforts: tuple[str, ...] = ()


# request component -> the catalogue endpoint its model must serve
MODEL_ENDPOINTS = {
    "CreateChatCompletionRequest": "chat.completions",
    "CreateCompletionRequest": "completions",
    "CreateEmbeddingRequest": "embeddings",
    "CreateModerationRequest": "moderations",
}

# "X is only allowed when Y is ...": the real API's 400s (see ``mockserver/llm/errors.py``),
# by operation: (X, Y, whether Y's value allows X). Applied to drawn bodies by
# ``respect_cross_field`` (schemathesis cannot draw from ``dependentSchemas`` beside the
# families' ``anyOf``).
CROSS_FIELD: dict[tuple[str, str], list[tuple[str, str, Any]]] = {
    ("POST", "/chat/completions"): [
        ("tool_choice", "tools", bool),
        ("parallel_tool_calls", "tools", bool),
        ("stream_options", "stream", lambda v: v is True),
        ("top_logprobs", "logprobs", lambda v: v is True),
    ],
    ("POST", "/completions"): [("stream_options", "stream", lambda v: v is True)],
}


def respect_cross_field(method: str, path: str, body: Any) -> Any:
    """``body`` without the keys its other keys do not allow (in place)."""
    if isinstance(body, dict):
        for key, need, allows in CROSS_FIELD.get((method.upper(), path), ()):
            if key in body and not allows(body.get(need)):
                del body[key]
    return body


# Bounds the real API enforces (or that keep answers small), by component and property.
BOUNDS = {
    "CreateChatCompletionRequest": {
        "n": {"type": "integer", "minimum": 1, "maximum": 4},
        "max_completion_tokens": {"type": "integer", "minimum": 1, "maximum": 256},
        "max_tokens": {"type": "integer", "minimum": 1, "maximum": 256},
    },
    "CreateCompletionRequest": {
        "max_tokens": {"type": "integer", "minimum": 0, "maximum": 256},
        "n": {"type": "integer", "minimum": 1, "maximum": 4},
        "best_of": {"type": "integer", "minimum": 1, "maximum": 4},
    },
}

# What a reasoning family refuses (``mockserver/llm/family.py``): max_tokens, logprobs, and
# sampling away from the defaults.
REASONING_LIMITS: dict[str, Any] = {
    "max_tokens": False,
    "logprobs": False,
    "top_logprobs": False,
    "temperature": {"const": 1},
    "top_p": {"const": 1},
    "presence_penalty": {"const": 0},
    "frequency_penalty": {"const": 0},
}

# Chat messages drawn at random: the roles whose messages stand alone. A tool message must
# answer an assistant's tool call, and an assistant's tool call must be answered, which random
# data never does; the hand-written examples (``CHAT_EXAMPLES``) carry those.
LONE_ROLES = ("Developer", "System", "User")
# "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
FUNCTION_NAME = {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"}


def _property_names(schema: dict[str, Any], schemas: dict[str, Any]) -> set[str]:
    """The top-level property names of a schema, through ``$ref`` and ``allOf``."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return _property_names(schemas[ref.rsplit("/", 1)[1]], schemas)
    names = set(schema.get("properties", {}))
    for sub in schema.get("allOf", []):
        names |= _property_names(sub, schemas)
    return names


def _families(models: list[ModelFacts]) -> list[dict[str, Any]]:
    """One ``anyOf`` branch per kind of chat model: the plain ones refuse ``reasoning_effort``,
    each reasoning family takes its own efforts and keeps the sampling defaults."""
    plain = sorted(m.id for m in models if not m.reasoning)
    branches = [{"properties": {"model": {"enum": plain}, "reasoning_effort": False}}]
    by_efforts: dict[tuple[str, ...], list[str]] = {}
    for m in models:
        if m.reasoning:
            by_efforts.setdefault(m.efforts, []).append(m.id)
    for efforts, ids in sorted(by_efforts.items()):
        effort: Any = {"enum": list(efforts)} if efforts else False
        props = {"model": {"enum": sorted(ids)}, "reasoning_effort": effort, **REASONING_LIMITS}
        branches.append({"properties": props})
    return branches


# The spec has no links; with these, schemathesis's stateful phase chains a stored completion
# into the operations on it (the fuzzer asks positive chat cases to be stored).
STORED = "/chat/completions/{completion_id}"
LINKS = {
    ("post", "/chat/completions"): [
        ("get", STORED), ("post", STORED), ("get", STORED + "/messages"), ("delete", STORED),
    ],
    ("post", STORED): [("get", STORED), ("get", STORED + "/messages"), ("delete", STORED)],
    ("get", STORED): [("post", STORED), ("delete", STORED)],
}  # fmt: skip


def _add_links(paths: dict[str, Any]) -> None:
    for (method, path), targets in LINKS.items():
        source = paths.get(path, {}).get(method)
        if source is None:
            continue
        links = source["responses"]["200"].setdefault("links", {})
        for target_method, target_path in targets:
            target = paths.get(target_path, {}).get(target_method)
            if target is None:
                continue
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": {"completion_id": "$response.body#/id"},
            }


# Operations whose negative cases stop at the top of one deep property: the Responses input
# item schema (every item type, every tool definition inside a tool_search_output) is the same
# on each, and its coverage cases (about 5,000 an operation, 2,000 positive ones) would take
# the run past its time cap five times over. They are drawn in full through POST
# /responses/input_tokens, which reads the items without a model or a stored parent (the
# others check them with the same code, responses.items.parse_input); here only ``input`` or
# ``items`` itself is broken (not a string or an array, too many items), and the run skips
# their positive coverage phase (run_fuzz.REPEATED_COVERAGE).
SHALLOW_NEGATIVE = {
    ("post", "/responses"): ("input",),
    ("post", "/responses/compact"): ("input",),
    ("post", "/conversations"): ("items",),
    ("post", "/conversations/{conversation_id}/items"): ("items",),
    # and the tools' definitions (another 1,000 cases), drawn in full through POST /responses
    ("post", "/responses/input_tokens"): ("tools",),
}
SHALLOW_COPY = "{}_FuzzShallow"  # not OpenAI's: a body whose deep property is cut short


def _kinds(node: Any, schemas: dict[str, Any]) -> list[str]:
    """The JSON types a schema takes (empty: it does not say)."""
    if not isinstance(node, dict):
        return []
    ref = node.get("$ref", "")
    if ref.startswith(COMPONENT):
        return _kinds(schemas[ref[len(COMPONENT) :]], schemas)
    kind = node.get("type")
    if kind is not None:
        return [kind] if isinstance(kind, str) else list(kind)
    branches = node.get("anyOf") or node.get("oneOf") or []
    found = [_kinds(branch, schemas) for branch in branches]
    if not found or not all(found):
        return []
    return list(dict.fromkeys(kind for kinds in found for kind in kinds))


def _cut(node: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    # Its types alone: a schema that says nothing has no complement for schemathesis to draw.
    kinds = _kinds(node, schemas)
    return {"type": kinds[0] if len(kinds) == 1 else kinds} if kinds else {}


def _shallow(node: Any, schemas: dict[str, Any], depth: int) -> Any:
    """``node`` with its ``$ref``s resolved, and whatever lies ``depth`` arrays or objects
    below it cut to its types."""
    if isinstance(node, list):
        return [_shallow(item, schemas, depth) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if ref.startswith(COMPONENT):
        return _shallow(schemas[ref[len(COMPONENT) :]], schemas, depth)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = _shallow(value, schemas, depth - 1) if depth > 0 else _cut(value, schemas)
        elif key == "properties" and isinstance(value, dict):
            out[key] = {
                n: _shallow(v, schemas, depth - 1) if depth > 0 else _cut(v, schemas)
                for n, v in value.items()
            }
        elif key in ("anyOf", "oneOf", "allOf", "not"):
            out[key] = _shallow(value, schemas, depth)
        else:
            out[key] = value
    return out


def negative(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` for the negative cases: ``SHALLOW_NEGATIVE``'s properties cut short
    (a value outside the cut schema is outside the full one too)."""
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    for (method, path), names in SHALLOW_NEGATIVE.items():
        op = spec["paths"].get(path, {}).get(method)
        if op is None:
            continue
        media = op["requestBody"]["content"]["application/json"]
        body = media["schema"]
        ref = body.get("$ref", "")
        if ref.startswith(COMPONENT):
            copied = SHALLOW_COPY.format(ref[len(COMPONENT) :])
            schemas[copied] = body = copy.deepcopy(schemas[ref[len(COMPONENT) :]])
            media["schema"] = {"$ref": COMPONENT + copied}
        for part in [body, *body.get("allOf", ())]:
            for name in names:
                if name in part.get("properties", {}):
                    part["properties"][name] = _shallow(part["properties"][name], schemas, 1)
    return spec


def with_examples(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` with ``EXAMPLES`` as its request examples (valid by the spec itself,
    not only by the steered one: a tool round trip is no lone message)."""
    spec = copy.deepcopy(spec)
    _add_examples(spec["paths"])
    return spec


def _add_examples(paths: dict[str, Any]) -> None:
    for (method, path), examples in EXAMPLES.items():
        op = paths.get(path, {}).get(method)
        if op is not None:
            media = op["requestBody"]["content"]["application/json"]
            media["examples"] = {name: {"value": body} for name, body in examples.items()}


def steer(spec: dict[str, Any], models: list[ModelFacts]) -> dict[str, Any]:
    """A copy of ``spec`` (from ``fuzz_spec``) narrowed for positive cases: models from the
    mock's catalogue, each family's rules, bounds, lone chat messages, and links between the
    stored-completion operations."""
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    _add_links(spec["paths"])
    for component, endpoint in MODEL_ENDPOINTS.items():
        served = [m for m in models if endpoint in m.endpoints]
        # The real API refuses a top-level key it does not know ("Unrecognized request
        # argument supplied"), which the spec's open objects do not say.
        names = sorted(_property_names(schemas[component], schemas))
        extra: list[dict[str, Any]] = [{"propertyNames": {"enum": names}}]
        if component == "CreateChatCompletionRequest":
            extra.append({"anyOf": _families(served)})
        else:
            extra.append({"properties": {"model": {"enum": sorted(m.id for m in served)}}})
        if component in BOUNDS:
            extra.append({"properties": BOUNDS[component]})
        schemas[component] = {"allOf": [schemas[component], *extra]}
    lone = [
        COMPONENT + request_name(schemas, f"ChatCompletionRequest{role}Message")
        for role in LONE_ROLES
    ]
    schemas[request_name(schemas, "ChatCompletionRequestMessage")] = {
        "anyOf": [{"$ref": ref} for ref in lone]
    }
    schemas[request_name(schemas, "FunctionObject")]["properties"]["name"] = FUNCTION_NAME
    return spec


_USER = [{"role": "user", "content": "What is the weather in Boston?"}]
_WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather at a place",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
            "required": ["location"],
        },
    },
}
_CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"location": "Boston"}'},
}
_PERSON = {
    "type": "json_schema",
    "json_schema": {
        "name": "person",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            "required": ["name", "age"],
            "additionalProperties": False,
        },
    },
}

# Hand-written valid requests, sent as they are by the examples phase: the answers' shapes
# random data seldom reaches (tool calls, structured output, logprobs, streams with usage).
CHAT_EXAMPLES: dict[str, dict[str, Any]] = {
    "plain": {"model": "gpt-4o-mini", "messages": _USER},
    "stored": {"model": "gpt-4o", "messages": _USER, "store": True, "metadata": {"k": "v"}},
    "stream_usage": {
        "model": "gpt-4o-mini",
        "messages": _USER,
        "stream": True,
        "stream_options": {"include_usage": True},
    },
    "tools": {"model": "gpt-4o", "messages": _USER, "tools": [_WEATHER], "tool_choice": "required"},
    "tools_stream": {"model": "gpt-4o", "messages": _USER, "tools": [_WEATHER], "stream": True},
    "tool_round_trip": {
        "model": "gpt-4o-mini",
        "messages": [
            *_USER,
            {"role": "assistant", "content": None, "tool_calls": [_CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "22 C, sunny"},
        ],
        "tools": [_WEATHER],
    },
    "json_schema": {"model": "gpt-4o", "messages": _USER, "response_format": _PERSON},
    "json_object": {
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "Answer in JSON."}, *_USER],
        "response_format": {"type": "json_object"},
    },
    "logprobs": {
        "model": "gpt-4o-mini",
        "messages": _USER,
        "logprobs": True,
        "top_logprobs": 2,
        "n": 2,
        "max_completion_tokens": 16,
    },
    "reasoning": {
        "model": "o3-mini",
        "messages": [{"role": "developer", "content": "Be brief."}, *_USER],
        "reasoning_effort": "low",
    },
    "image": {
        "model": "gpt-4o",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this picture?"},
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
                ],
            }
        ],
    },
}
EXAMPLES = {
    ("post", "/chat/completions"): CHAT_EXAMPLES,
    ("post", "/completions"): {
        "plain": {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test"},
        "echo_logprobs": {  # gpt-3.5-turbo-instruct refuses echo with logprobs
            "model": "davinci-002",
            "prompt": ["Say", "this"],
            "echo": True,
            "logprobs": 2,
            "max_tokens": 8,
        },
        "stream_usage": {
            "model": "davinci-002",
            "prompt": "Once upon",
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    },
    ("post", "/embeddings"): {
        "float": {"model": "text-embedding-3-small", "input": "The food was delicious"},
        "base64": {
            "model": "text-embedding-3-large",
            "input": ["one", "two"],
            "encoding_format": "base64",
            "dimensions": 8,
        },
        "tokens": {"model": "text-embedding-ada-002", "input": [[1, 2, 3]]},
    },
    ("post", "/moderations"): {
        "text": {"input": "I want to hug you"},
        "image": {
            "model": "omni-moderation-latest",
            "input": [
                {"type": "text", "text": "a picture"},
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
            ],
        },
    },
}
