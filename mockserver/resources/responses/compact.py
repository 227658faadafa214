"""``POST /v1/responses/compact``: a context as the real API compacts it, every user message
kept as an item, then one ``compaction`` item standing for the rest.

The compaction's ``encrypted_content`` looks as opaque as the real one (a Fernet-like token)
but is the rest of the context, masked with a fixed key stream, so that any instance of the
mock given it back as input (``{"type": "compaction", ...}``) reads the same context again."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

import orjson

from ...http.errors import APIError
from ...randomness import digest

PREFIX = "gAAAAAB"
# Fixed, not the seed: a compaction made by one mock is read by another.
KEY = "response-compaction"


def _mask(data: bytes) -> bytes:
    stream = b""
    k = 0
    while len(stream) < len(data):
        stream += digest(0, KEY, k)
        k += 1
    return bytes(a ^ b for a, b in zip(data, stream, strict=False))


def seal(messages: list[dict[str, Any]]) -> str:
    """The chat-form ``messages`` as a compaction's ``encrypted_content``."""
    raw = orjson.dumps(messages, option=orjson.OPT_SORT_KEYS)
    return PREFIX + base64.urlsafe_b64encode(_mask(raw)).decode()


def invalid_content(content: str) -> APIError:
    shown = content if len(content) <= 20 else content[:20] + "..."
    return APIError(
        400,
        f"The encrypted content {shown} could not be verified. Reason: Encrypted content "
        "could not be decrypted or parsed.",
        param="input",
        code="invalid_encrypted_content",
    )


def unseal(content: str) -> list[dict[str, Any]]:
    """The messages a compaction stands for (the real 400 for content it did not make)."""
    if not content.startswith(PREFIX):
        raise invalid_content(content)
    try:
        raw = _mask(base64.urlsafe_b64decode(content[len(PREFIX) :].encode()))
        messages = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError) as exc:
        raise invalid_content(content) from exc
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise invalid_content(content)
    return messages


def _input_part(part: Mapping[str, Any]) -> dict[str, Any]:
    """A chat-form content part as the input part it was sent as."""
    kind = part.get("type")
    if kind == "text":
        return {"type": "input_text", "text": part["text"]}
    if kind == "image_url":
        image = part["image_url"]
        url = str(image.get("url") or "")
        out: dict[str, Any] = {"type": "input_image", "detail": image.get("detail") or "auto"}
        if url.startswith("file-"):
            out["file_id"] = url
        else:
            out["image_url"] = url
        return out
    return {"type": "input_file", **dict(part.get("file") or {})}


def user_item(message: Mapping[str, Any], item_id: str) -> dict[str, Any]:
    """A user message kept by the compaction, as the item the real one returns."""
    content = message["content"]
    parts = (
        [{"type": "input_text", "text": content}]
        if isinstance(content, str)
        else [_input_part(p) for p in content]
    )
    return {
        "id": item_id,
        "type": "message",
        "status": "completed",
        "content": parts,
        "role": "user",
    }
