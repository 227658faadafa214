"""The seed's image lessons: generate a picture from a prompt, edit one where a mask is
transparent, make variations of one; and save whatever came back to files.

An answer holds each picture either as a URL (dall-e models' default; the URL is signed and
stops working after an hour, so save it soon) or inline as base64 (``b64_json``; the only form
gpt-image models answer with). :func:`save_images` takes either.
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path
from typing import Any

import httpx2
from openai import OpenAI
from openai.types import ImagesResponse
from PIL import Image

IMAGE_MODEL = "dall-e-2"
SEED_PROMPT = "A futuristic cityscape with flying cars and neon lights"
SEED_EDIT_PROMPT = "the box is full of red apples"
SEED_SIZE = "512x512"


def generate_image(
    client: OpenAI,
    prompt: str = SEED_PROMPT,
    *,
    model: str = IMAGE_MODEL,
    size: str = SEED_SIZE,
    n: int = 1,
    **params: Any,
) -> ImagesResponse:
    """``params`` go to the API as they are (quality, style, response_format, ...)."""
    response: ImagesResponse = client.images.generate(
        model=model,
        prompt=prompt,
        size=size,
        n=n,
        **params,
    )
    return response


def edit_image(
    client: OpenAI,
    image: Path,
    mask: Path | None,
    prompt: str = SEED_EDIT_PROMPT,
    *,
    model: str = IMAGE_MODEL,
    size: str = SEED_SIZE,
    n: int = 1,
    **params: Any,
) -> ImagesResponse:
    """The picture changes only where ``mask`` (a PNG of the same size) is transparent; with
    no mask, where ``image`` itself is transparent."""
    extra: dict[str, Any] = {"mask": mask.read_bytes()} if mask is not None else {}
    response: ImagesResponse = client.images.edit(
        model=model,
        image=(image.name, image.read_bytes(), "image/png"),
        prompt=prompt,
        size=size,
        n=n,
        **extra,
        **params,
    )
    return response


def vary_image(
    client: OpenAI,
    image: Path,
    *,
    model: str = IMAGE_MODEL,
    size: str = SEED_SIZE,
    n: int = 1,
    **params: Any,
) -> ImagesResponse:
    """New pictures like ``image`` (a square PNG under 4 MB); dall-e-2 only."""
    with warnings.catch_warnings():
        # The SDK marks the method deprecated, as dall-e-2 is; the seed teaches it, and the
        # lesson says so.
        warnings.simplefilter("ignore", DeprecationWarning)
        response: ImagesResponse = client.images.create_variation(
            model=model,
            image=(image.name, image.read_bytes(), "image/png"),
            size=size,  # type: ignore[arg-type]  # any size goes: the API says which it takes
            n=n,
            **params,
        )
    return response


def image_bytes(item: Any, *, timeout: float = 60.0) -> bytes:
    """The bytes of one picture of an answer: decoded from ``b64_json``, else downloaded from
    its ``url`` (a plain GET: the URL carries its own signature, no key is sent)."""
    if item.b64_json:
        return base64.b64decode(item.b64_json)
    if not item.url:
        raise ValueError("the picture has neither b64_json nor url")
    answer = httpx2.get(item.url, timeout=timeout, follow_redirects=True)
    answer.raise_for_status()
    return answer.content


def save_images(response: ImagesResponse, directory: Path, stem: str = "image") -> list[Path]:
    """Each picture to ``directory/stem-N.<format>``, the format read from the bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for number, item in enumerate(response.data or [], start=1):
        data = image_bytes(item)
        with Image.open(io.BytesIO(data)) as picture:
            suffix = (picture.format or "png").lower().replace("jpeg", "jpg")
        path = directory / f"{stem}-{number}.{suffix}"
        path.write_bytes(data)
        saved.append(path)
    return saved


def square_mask(image: Path, mask: Path, fraction: float = 0.5) -> Path:
    """A mask for ``image``: opaque everywhere but a transparent square in the middle,
    ``fraction`` of the side wide, which is where an edit may change the picture."""
    with Image.open(image) as picture:
        width, height = picture.size
    shape = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    side_w, side_h = int(width * fraction), int(height * fraction)
    left, top = (width - side_w) // 2, (height - side_h) // 2
    shape.paste((0, 0, 0, 0), (left, top, left + side_w, top + side_h))
    shape.save(mask, format="PNG")
    return mask
