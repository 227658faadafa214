"""The embeddings body, written directly: ``json.dumps(indent=2)`` runs its pure-Python
encoder, far too slow for 2048 vectors of 3072 floats. The layout is the real API's
pretty-printed one (two-space indents, one number per line)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..generate.vectors import to_base64

_NUMBER_SEP = ",\n        "


def short_decimals(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """Each float32 as the float64 nearest a decimal of 8 (else 9) significant digits that
    still reads back as the same float32, so the JSON shows "-0.006929283" as the real API
    does, not the 17 digits of the exact float64, and agrees with the base64 bytes."""
    exact = vectors.astype(np.float64)
    out = exact.copy()
    magnitude = np.floor(np.log10(np.where(exact == 0.0, 1.0, np.abs(exact))))
    pending = np.ones(exact.shape, dtype=np.bool_)
    for digits in (8, 9):
        scale = 10.0 ** (digits - 1 - magnitude)
        # n / 10**k is correctly rounded while 10**k is exact (k <= 22).
        rounded = np.round(exact * scale) / scale
        good = pending & (scale <= 1e22) & (rounded.astype(np.float32) == vectors)
        out[good] = rounded[good]
        pending &= ~good
    return out


def _floats(row: list[float]) -> str:
    return "[\n        " + repr(row)[1:-1].replace(", ", _NUMBER_SEP) + "\n      ]"


def render(
    vectors: npt.NDArray[np.float32], encoding_format: str, model: str, usage: dict[str, Any]
) -> bytes:
    rows = short_decimals(vectors).tolist() if encoding_format == "float" else []
    items: Sequence[str] = [
        "    {\n"
        '      "object": "embedding",\n'
        f'      "index": {i},\n'
        '      "embedding": '
        + (json.dumps(to_base64(row)) if encoding_format == "base64" else _floats(rows[i]))
        + "\n    }"
        for i, row in enumerate(vectors)
    ]
    usage_json = json.dumps(usage, indent=2).replace("\n", "\n  ")
    return (
        '{\n  "object": "list",\n  "data": [\n'
        + ",\n".join(items)
        + f'\n  ],\n  "model": {json.dumps(model)},\n  "usage": {usage_json}\n}}\n'
    ).encode()
