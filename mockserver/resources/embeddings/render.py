"""The embeddings body. Vectors go to orjson as numpy float32 arrays: it writes each number
in the shortest form that reads back as the same float32 ("-0.006929283", as the real API
shows them, agreeing exactly with the base64 bytes), in C, for 2048 x 3072 floats at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ...generate.vectors import to_base64

if TYPE_CHECKING:  # numpy is imported on first use (see randomness)
    import numpy as np
    import numpy.typing as npt


def render(
    vectors: npt.NDArray[np.float32], encoding_format: str, model: str, usage: dict[str, Any]
) -> bytes:
    base64 = encoding_format == "base64"
    data = [
        {"object": "embedding", "index": i, "embedding": to_base64(row) if base64 else row}
        for i, row in enumerate(vectors)
    ]
    body = {"object": "list", "data": data, "model": model, "usage": usage}
    # The closing newline written by orjson: appending it after would copy the whole body.
    option = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_APPEND_NEWLINE
    return orjson.dumps(body, option=option)
