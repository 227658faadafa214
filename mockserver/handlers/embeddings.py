"""POST /v1/embeddings: deterministic, meaningful vectors (``generate.vectors``) for a string, a
list of strings, a token-id list or a list of token-id lists, as floats or base64."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..generate import vectors
from ..http import errors
from ..legacy import errors as legacy_errors
from ..legacy.embedding_json import render
from ..legacy.inputs import parse_items
from ..responses import JSON_TYPE
from ..state import mock_state
from ..validation import check, json_body, param

SPEC = {
    "model": param("string", required=True),
    "input": param("string", "array", required=True),
    "encoding_format": param("string", enum=("float", "base64")),
    "dimensions": param("integer", minimum=1),
    "user": param("string"),
}
MAX_INPUTS = 2048
MAX_TOKENS_PER_REQUEST = 300_000
# Models whose vectors can be shortened with ``dimensions`` (the v3 family).
SHORTENABLE = {"text-embedding-3-small", "text-embedding-3-large"}


async def create_embedding(request: Request) -> Any:
    body = await json_body(request)
    check(body, SPEC)
    state = mock_state(request)
    model = state.catalogue.for_endpoint(body.get("model"), "embeddings")
    width = vectors.MODEL_DIMENSIONS[model.family]
    dimensions = body.get("dimensions")
    if dimensions is not None:
        if model.family not in SHORTENABLE:
            raise legacy_errors.dimensions_not_supported()
        if dimensions > width:
            raise errors.out_of_range(
                "dimensions", dimensions, bound=width, above=True, integer=True
            )
    value = body["input"]
    # Checked before tokenising; a flat list of token ids is one input, however long.
    if isinstance(value, list) and len(value) > MAX_INPUTS and not isinstance(value[0], int):
        raise legacy_errors.invalid_field("input")
    items = parse_items(value, "input", model.encoding, allow_empty_text=False)
    window = model.context_window
    for item in items:
        if item.n_tokens > window:
            raise legacy_errors.context_length_exceeded(window, item.n_tokens, 0)
    total = sum(item.n_tokens for item in items)
    if total > MAX_TOKENS_PER_REQUEST:
        raise legacy_errors.too_many_tokens_per_request(total, MAX_TOKENS_PER_REQUEST)
    matrix = vectors.embed([item.text for item in items], model.family, dimensions)
    usage = {"prompt_tokens": total, "total_tokens": total}
    encoding_format = body.get("encoding_format") or "float"
    return Response(render(matrix, encoding_format, model.id, usage), media_type=JSON_TYPE)
