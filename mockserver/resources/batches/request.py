"""``POST /v1/batches`` as a typed request, checked as the real API checks it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import check, param
from ..files import request as file_request

# The endpoints a batch can name, in the order the real API lists them; the mock accepts
# those it serves itself (a line is answered by the endpoint), and refuses the others with
# the real API's answer to an endpoint it does not take.
ENDPOINTS = (
    "/v1/responses",
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/completions",
    "/v1/moderations",
)
WINDOWS = ("24h",)
CREATE = {
    "input_file_id": param("string", required=True),
    "endpoint": param("string", required=True),
    "completion_window": param("string", required=True),
    "metadata": param("object"),
    "output_expires_after": param("object"),
}


@dataclass(frozen=True)
class CreateBatch:
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str] | None
    output_expires_after: int | None  # seconds after the output file's creation


def parse(body: dict[str, Any], served: Sequence[str]) -> CreateBatch:
    """``served``: the batch endpoints this app answers."""
    check(body, CREATE)
    endpoint = body["endpoint"]
    if endpoint not in served:
        raise errors.invalid_enum("endpoint", endpoint, served)
    window = body["completion_window"]
    if window not in WINDOWS:
        raise errors.invalid_enum("completion_window", window, WINDOWS)
    metadata = body.get("metadata")
    expires = body.get("output_expires_after")
    seconds = None
    if expires is not None:
        where = "output_expires_after"
        seconds = file_request.expiry_object("batch_output", expires, where=where)
    return CreateBatch(
        input_file_id=body["input_file_id"],
        endpoint=endpoint,
        completion_window=window,
        metadata=None if metadata is None else check_metadata(metadata),
        output_expires_after=seconds,
    )
