"""The ``image_generation`` tool: its options checked as ``POST /v1/images/generations``
checks the same options (the images resource's own parser and 400s, named by the tool's
path), and a call answered with a real picture from ``generate.images`` drawn from the
question: the ``image_generation_call`` item with its base64 ``result``, and partial images
(the picture coming into focus) for a stream."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ...catalogue import Catalogue
from ...generate import images as pictures
from ...http import errors
from ...http.params import check_value, param
from ..images import render as image_render
from ..images import request as image_request
from . import errors as resp_errors

# The SDK's default image model for the tool.
DEFAULT_MODEL = "gpt-image-2.6-sunburst"
# The tool's fields that are the generation's own options, passed to the images parser.
OPTIONS = (
    "model",
    "size",
    "quality",
    "output_format",
    "output_compression",
    "background",
    "moderation",
    "partial_images",
)
KEYS = ("type", "action", "input_fidelity", "input_image_mask", *OPTIONS)
ACTIONS = ("generate", "edit", "auto")


def _at(where: str, error: errors.APIError) -> errors.APIError:
    """An images 400 named by the tool's path (``size`` -> ``tools[0].size``)."""
    if error.param is not None:
        name = error.param
        error.message = error.message.replace(f"'{name}'", f"'{where}.{name}'")
        error.param = f"{where}.{name}"
    return error


def _options(
    catalogue: Catalogue, where: str, tool: Mapping[str, Any], prompt: str
) -> image_request.Options:
    body = {k: tool[k] for k in OPTIONS if tool.get(k) is not None}
    body = {"model": DEFAULT_MODEL, **body, "prompt": prompt or "An image."}
    for name, value in body.items():
        check_value(f"{where}.{name}", image_request.SPEC[name], value)
    try:
        return image_request.options(catalogue, body, image_request.GENERATIONS)
    except errors.APIError as error:
        raise _at(where, error) from None


def check_tool(catalogue: Catalogue, where: str, tool: Mapping[str, Any]) -> dict[str, Any]:
    """An ``image_generation`` tool as the response echoes it (the options resolved)."""
    resp_errors.only_known(where, tool, KEYS)
    action = tool.get("action")
    if action is not None:
        check_value(f"{where}.action", param("string", enum=ACTIONS), action)
    if tool.get("input_fidelity") is not None:
        check_value(
            f"{where}.input_fidelity", param("string", enum=("high", "low")), tool["input_fidelity"]
        )
    if tool.get("input_image_mask") is not None:
        check_value(f"{where}.input_image_mask", param("object"), tool["input_image_mask"])
    opts = _options(catalogue, where, tool, "")
    return {
        "type": "image_generation",
        "background": opts.requested_background,
        "model": str(tool.get("model") or DEFAULT_MODEL),
        "moderation": tool.get("moderation") or "auto",
        "output_compression": opts.compression,
        "output_format": opts.output_format,
        "partial_images": opts.partial_images,
        "quality": opts.requested_quality,
        "size": tool.get("size") or "auto",
        **{k: tool[k] for k in ("action", "input_fidelity") if tool.get(k) is not None},
    }


@dataclass(frozen=True)
class Ran:
    """One picture: the call item and what the model reads of it (not the pixels)."""

    item: dict[str, Any]

    @property
    def result_text(self) -> str:
        return f"Generated an image: {self.item['revised_prompt']}"

    def citations(self, text: str) -> list[dict[str, Any]]:
        return []


def run(
    catalogue: Catalogue, seed: int, tool: Mapping[str, Any], question: str, item_id: str
) -> Ran:
    """Draw the picture the question asks for, with the tool's options."""
    opts = _options(catalogue, "tools", tool, question)
    (made,) = image_render.generations(opts, seed)
    item = {
        "id": item_id,
        "type": "image_generation_call",
        "status": "completed",
        "background": opts.background,
        "output_format": opts.output_format,
        "quality": opts.quality,
        "result": base64.b64encode(made.data).decode("ascii"),
        "revised_prompt": image_render.revised_prompt(question, seed, 0),
        "size": opts.size,
    }
    return Ran(item)


def partial_images(item: Mapping[str, Any], count: int) -> Iterator[str]:
    """The stream's ``count`` partial images of the call's picture, base64, in order."""
    from PIL import Image  # on first use: Pillow is not loaded at start-up

    if not count or not item.get("result"):
        return
    image = Image.open(io.BytesIO(base64.b64decode(item["result"])))
    image.load()
    fmt = str(item.get("output_format") or "png")
    for index in range(count):
        partial = pictures.partial(image, index, count)
        yield base64.b64encode(pictures.encode(partial, fmt)).decode("ascii")
