"""POST /v1/embeddings: deterministic, meaningful vectors (``generate.vectors``) for a string, a
list of strings, a token-id list or a list of token-id lists, as floats or base64."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request

from ... import tokens
from ...catalogue import Model
from ...generate import vectors
from ...http import errors
from ...http.body import json_body
from ...http.params import check, param
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


async def create_embedding(request: Request) -> bytes:
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
    encoding = model.encoding
    texts: list[str]
    ids: list[Sequence[int]]
    if isinstance(value, str) and value:
        # One text, most requests: tokenised here as parse_items would, without its Items.
        texts, ids = [value], [tokens.encode(value, encoding)]
    else:
        # Checked before tokenising; a flat list of token ids is one input, however long.
        if isinstance(value, list) and len(value) > MAX_INPUTS and not isinstance(value[0], int):
            raise errors.invalid_field("input")
        items = parse_items(value, "input", encoding, allow_empty_text=False)
        texts = [item.text for item in items]
        ids = [item.token_ids for item in items]
    window = model.context_window
    total = 0
    for item_ids in ids:
        n_tokens = len(item_ids)
        if n_tokens > window:
            raise llm_errors.prompt_too_long(window, n_tokens, 0)
        total += n_tokens
    if total > MAX_TOKENS_PER_REQUEST:
        raise embedding_errors.too_many_tokens_per_request(total, MAX_TOKENS_PER_REQUEST)
    # Texts tokenised for the usage in the vectors' encoding: the same ids serve the vectors.
    # (Ids a request sent are not: its text, decoded from them, may tokenise otherwise.)
    texts_sent = isinstance(value, str) or isinstance(value[0], str)
    token_ids = ids if texts_sent and encoding == vectors.VECTOR_ENCODING else None
    matrix = vectors.embed(texts, target, dimensions, token_ids)
    usage = {"prompt_tokens": total, "total_tokens": total}
    encoding_format = body.get("encoding_format") or "float"
    # The body written in one step, sent as it is (http/endpoint.py takes JSON bytes).
    return render(matrix, encoding_format, model.id, usage)
