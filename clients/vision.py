"""Asking about an image on chat: by URL, or a local file sent inline as a data URL."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any, Literal

from openai import OpenAI
from openai.types.chat import ChatCompletion, ChatCompletionContentPartImageParam

VISION_MODEL = "gpt-4o-mini"
# The image the seed asks about.
SEED_IMAGE_URL = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/"
    "2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
SEED_QUESTION = "What's in this image?"
# The formats the API accepts as image input.
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def data_url(path: Path) -> str:
    """``data:image/png;base64,...`` for a local image file."""
    kind, _ = mimetypes.guess_type(path.name)
    if kind not in IMAGE_TYPES:
        raise ValueError(f"{path.name}: not a PNG, JPEG, GIF or WebP image")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def image_part(
    source: str | Path, detail: Literal["auto", "low", "high"] = "auto"
) -> ChatCompletionContentPartImageParam:
    """A URL (``http(s)://`` or ``data:``) goes as it is; anything else is read as a file."""
    text = str(source)
    url = text if text.startswith(("http://", "https://", "data:")) else data_url(Path(text))
    return {"type": "image_url", "image_url": {"url": url, "detail": detail}}


def describe_image(
    client: OpenAI,
    source: str | Path,
    question: str = SEED_QUESTION,
    *,
    model: str = VISION_MODEL,
    max_tokens: int = 300,
    **params: Any,
) -> ChatCompletion:
    completion: ChatCompletion = client.chat.completions.create(
        model=model,
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": question}, image_part(source)],
            }
        ],
        max_tokens=max_tokens,
        **params,
    )
    return completion
