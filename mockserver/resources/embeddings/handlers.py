"""POST /v1/embeddings: deterministic, meaningful vectors (``generate.vectors``) for a string, a
list of strings, a token-id list or a list of token-id lists, as floats or base64."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...catalogue import Model
from ...generate import vectors
from ...http import errors
from ...http.body import json_body
from ...http.params import check, param
from ...http.render import JSON_TYPE
from ...llm import errors as llm_errors
from ...llm.inputs import parse_items
from ...state import mock_state
from . import errors as embedding_errors
from .render import render

ENDPOINT = "embeddings"
SPEC = {
    "model": param("string", required=True),
    "input": param("string", "array", required=True),
    "encoding_format": param("string", enum=("float", "base64")),
    "dimensions": param("integer", minimum=1),
    "user": param("string"),
}
MAX_INPUTS = 2048
MAX_TOKENS_PER_REQUEST = 300_000


def space(model: Model) -> vectors.Space:
    """The embedding space of a catalogue model (its family's: snapshots embed alike)."""
    assert model.dimensions is not None, f"{model.id} has no dimensions in models.json"
    return vectors.Space(model.family, model.dimensions, model.embedding_bias)


async def create_embedding(request: Request) -> Any:
    body = await json_body(request)
    check(body, SPEC)
    state = mock_state(request)
    model = state.catalogue.for_endpoint(body.get("model"), ENDPOINT)
    target = space(model)
    dimensions = body.get("dimensions")
    if dimensions is not None:
        if not model.feature("shortenable_dimensions"):
            raise embedding_errors.dimensions_not_supported()
        if dimensions > target.width:
            raise errors.out_of_range(
                "dimensions", dimensions, bound=target.width, above=True, integer=True
            )
    value = body["input"]
    # Checked before tokenising; a flat list of token ids is one input, however long.
    if isinstance(value, list) and len(value) > MAX_INPUTS and not isinstance(value[0], int):
        raise errors.invalid_field("input")
    items = parse_items(value, "input", model.encoding, allow_empty_text=False)
    window = model.context_window
    for item in items:
        if item.n_tokens > window:
            raise llm_errors.prompt_too_long(window, item.n_tokens, 0)
    total = sum(item.n_tokens for item in items)
    if total > MAX_TOKENS_PER_REQUEST:
        raise embedding_errors.too_many_tokens_per_request(total, MAX_TOKENS_PER_REQUEST)
    # Texts tokenised for the usage in the vectors' encoding: the same ids serve the vectors.
    # (Ids a request sent are not: its text, decoded from them, may tokenise otherwise.)
    texts_sent = isinstance(value, str) or isinstance(value[0], str)
    token_ids = None
    if texts_sent and model.encoding == vectors.VECTOR_ENCODING:
        token_ids = [item.token_ids for item in items]
    matrix = vectors.embed([item.text for item in items], target, dimensions, token_ids)
    usage = {"prompt_tokens": total, "total_tokens": total}
    encoding_format = body.get("encoding_format") or "float"
    return Response(render(matrix, encoding_format, model.id, usage), media_type=JSON_TYPE)
