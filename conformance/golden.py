"""Golden real-API samples (``fixtures/golden/``): bodies and streams in the documented shapes."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sse

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN = ROOT / "golden"

# The SDK type and OpenAPI component of each kind of stream frame.
STREAM_TYPES = {
    "chat_": ("openai.types.chat.ChatCompletionChunk", "CreateChatCompletionStreamResponse"),
    "completion_": ("conformance.schemas.CompletionStreamChunk", None),  # no OpenAPI chunk schema
}


@dataclass(frozen=True)
class Sample:
    name: str
    sdk: str
    openapi: str | None
    body: Any

    @property
    def sdk_type(self) -> Any:
        return resolve(self.sdk)


def resolve(dotted: str) -> Any:
    module, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def bodies() -> list[Sample]:
    out = []
    for path in sorted(GOLDEN.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        out.append(Sample(path.stem, doc["sdk"], doc["openapi"], doc["body"]))
    return out


def streams() -> list[tuple[str, str, str, str | None]]:
    """(name, raw text, SDK type, OpenAPI component) for every golden stream."""
    out = []
    for path in sorted(GOLDEN.glob("*.sse")):
        sdk, component = next(v for k, v in STREAM_TYPES.items() if path.name.startswith(k))
        out.append((path.stem, path.read_text(encoding="utf-8"), sdk, component))
    return out


def stream_chunks(name: str) -> list[dict[str, Any]]:
    return sse.json_payloads(sse.parse((GOLDEN / f"{name}.sse").read_text(encoding="utf-8")))
