"""Pictures to upload, and checks of the pictures that come back."""

from __future__ import annotations

import base64
import io
from typing import Any

from openai.types import ImagesResponse
from PIL import Image

from tests.schema_check import validate_openapi, validate_sdk


def png(size: tuple[int, int] = (64, 64), mode: str = "RGBA", colour: Any = None,
        fmt: str = "PNG") -> bytes:  # fmt: skip
    if colour is None:
        colour = (200, 40, 40, 255) if mode == "RGBA" else (200, 40, 40) if mode == "RGB" else 200
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


def mask(
    size: tuple[int, int] = (64, 64), hole: tuple[int, int, int, int] = (0, 0, 32, 32)
) -> bytes:
    """Opaque everywhere but ``hole`` (fully transparent: where the edit may draw)."""
    image = Image.new("RGBA", size, (0, 0, 0, 255))
    image.paste((0, 0, 0, 0), hole)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def decoded(item: dict[str, Any]) -> Image.Image:
    return opened(base64.b64decode(item["b64_json"]))


def check_response(body: dict[str, Any], *, openapi: bool = True) -> ImagesResponse:
    validate_sdk(ImagesResponse, body)
    if openapi:
        validate_openapi("ImagesResponse", body)
    return ImagesResponse.model_validate(body)


def form(
    http: Any, path: str, files: list[tuple[str, tuple[str, bytes, str]]], **fields: Any
) -> Any:
    data = {k: str(v) for k, v in fields.items()}
    return http.post("/v1/images/" + path, files=files, data=data)
