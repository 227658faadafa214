"""Pictures for a checked request, and the ``ImagesResponse`` (or stream events) around them.

A picture is a pure function of the request and the seed: the same request gives the same
bytes, whether they come back as ``b64_json``, through the URL, or in the completed event."""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image

from ... import tokens
from ...generate import images as pictures
from ...randomness import derive
from .request import EditRequest, Options, VariationRequest

STANDARD_PIXELS = 1024 * 1024
# Input image tokens of an edit: the vision rule (a base and a share per 512-pixel tile of the
# picture fitted within 1024x1024); the real API does not document its image-input count.
IMAGE_BASE_TOKENS = 85
IMAGE_TILE_TOKENS = 170
TILE = 512
FIT = 1024
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
REVISIONS = (
    "rendered with rich detail, soft natural light and a balanced composition",
    "shown in a wide view with vibrant colours and crisp, clean lines",
    "depicted as a detailed digital illustration with dramatic lighting and depth",
    "captured in a vivid, high-resolution scene with a clear focal point",
)


@dataclass(frozen=True)
class Made:
    """One picture: its encoded bytes and, for dall-e-3, the prompt it was made from."""

    data: bytes
    revised_prompt: str | None = None


def revised_prompt(prompt: str, seed: int, index: int) -> str:
    rng = derive(seed, "image-revised-prompt", prompt, index)
    text = " ".join(prompt.split()).rstrip(".")
    return f"{text[:1].upper()}{text[1:]}, {REVISIONS[int(rng.random() * len(REVISIONS))]}."


def _encode(image: Image.Image, opts: Options) -> bytes:
    if opts.background != "transparent" and image.mode != "RGB":
        image = image.convert("RGB")
    return pictures.encode(image, opts.output_format, opts.compression)


def generation_image(opts: Options, seed: int, index: int) -> Image.Image:
    transparent = opts.background == "transparent"
    key = (opts.facts.model, opts.quality, opts.style or "", index)
    return pictures.render(opts.prompt, opts.width, opts.height, seed, *key,
                           transparent=transparent)  # fmt: skip


def edit_image(req: EditRequest, seed: int, index: int) -> Image.Image:
    opts = req.options
    mask = None if req.mask is None else req.mask.image
    return pictures.edit(req.images[0].image, mask, opts.prompt, opts.width, opts.height, seed,
                         opts.facts.model, opts.quality, index)  # fmt: skip


def variation_image(req: VariationRequest, seed: int, index: int) -> Image.Image:
    opts = req.options
    source = hashlib.sha256(req.image.data).hexdigest()
    return pictures.variation(req.image.image, opts.width, opts.height, seed, source, index)


def generations(opts: Options, seed: int) -> list[Made]:
    revise = opts.facts.styles != ()  # the models with styles revise prompts (dall-e-3)
    return [
        Made(_encode(generation_image(opts, seed, i), opts),
             revised_prompt(opts.prompt, seed, i) if revise else None)
        for i in range(opts.n)
    ]  # fmt: skip


def edits(req: EditRequest, seed: int) -> list[Made]:
    return [Made(_encode(edit_image(req, seed, i), req.options)) for i in range(req.options.n)]


def variations(req: VariationRequest, seed: int) -> list[Made]:
    opts = req.options
    return [Made(_encode(variation_image(req, seed, i), opts)) for i in range(opts.n)]


# --- usage ---------------------------------------------------------------------------------


def image_input_tokens(image: Image.Image) -> int:
    w, h = image.size
    scale = min(1.0, FIT / max(w, h))
    tiles = math.ceil(w * scale / TILE) * math.ceil(h * scale / TILE)
    return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tiles


def output_tokens(opts: Options) -> int:
    per_picture = opts.facts.output_tokens.get(opts.quality, 0)
    return round(per_picture * opts.width * opts.height / STANDARD_PIXELS)


def usage(
    opts: Options, inputs: Sequence[Image.Image], count: int, *, details: bool = True
) -> dict[str, Any]:
    """A GPT image model's usage: the prompt's tokens and the inputs' image tokens in, each of
    ``count`` pictures' tokens out."""
    text = tokens.count(opts.prompt, opts.model.encoding)
    image = sum(image_input_tokens(i) for i in inputs)
    out = output_tokens(opts) * count
    result: dict[str, Any] = {
        "input_tokens": text + image,
        "input_tokens_details": {"image_tokens": image, "text_tokens": text},
        "output_tokens": out,
        "total_tokens": text + image + out,
    }
    if details:
        result["output_tokens_details"] = {"image_tokens": out, "text_tokens": 0}
    return result


# --- the response --------------------------------------------------------------------------


def response(
    opts: Options, made: list[Made], created: int, urls: list[str] | None,
    inputs: Sequence[Image.Image] = (),
) -> dict[str, Any]:  # fmt: skip
    data: list[dict[str, Any]] = []
    for i, item in enumerate(made):
        entry: dict[str, Any] = (
            {"url": urls[i]} if urls is not None
            else {"b64_json": base64.b64encode(item.data).decode()}
        )  # fmt: skip
        if item.revised_prompt is not None:
            entry["revised_prompt"] = item.revised_prompt
        data.append(entry)
    body: dict[str, Any] = {"created": created}
    if not opts.facts.is_gpt_image:
        body["data"] = data
        return body
    body.update(
        background=opts.background, data=data, output_format=opts.output_format,
        quality=opts.quality, size=opts.size, usage=usage(opts, inputs, len(made)),
    )  # fmt: skip
    if opts.safety_identifier is not None:
        body["safety_identifier"] = opts.safety_identifier
    return body


def stream_events(
    opts: Options, images: list[Image.Image], created: int, prefix: str,
    inputs: Sequence[Image.Image] = (),
) -> Iterator[tuple[str, dict[str, Any]]]:  # fmt: skip
    """``{prefix}.partial_image`` events (``partial_images`` of each picture, coming into
    focus), then ``{prefix}.completed`` with the picture and its usage."""
    common = {
        "background": opts.requested_background, "created_at": created,
        "output_format": opts.output_format, "quality": opts.requested_quality,
        "size": opts.size,
    }  # fmt: skip
    per_picture = usage(opts, inputs, 1, details=False)
    for image in images:
        for k in range(opts.partial_images):
            data = _encode(pictures.partial(image, k, opts.partial_images), opts)
            yield f"{prefix}.partial_image", {
                "type": f"{prefix}.partial_image", "b64_json": base64.b64encode(data).decode(),
                **common, "partial_image_index": k,
            }  # fmt: skip
        final = {
            "type": f"{prefix}.completed",
            "b64_json": base64.b64encode(_encode(image, opts)).decode(),
            **common, "usage": per_picture,
        }  # fmt: skip
        if opts.safety_identifier is not None:
            final["safety_identifier"] = opts.safety_identifier
        yield f"{prefix}.completed", final
