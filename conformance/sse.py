"""Server-sent events as they travel: the raw framing, kept so checks can judge it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Frame:
    """One event: its field lines in order (``("data", "...")``, ``("event", "...")``...)."""

    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def data(self) -> str | None:
        parts = [value for name, value in self.fields if name == "data"]
        return "\n".join(parts) if parts else None

    @property
    def event(self) -> str | None:
        """The ``event:`` line's value (typed streams), or None."""
        values = [value for name, value in self.fields if name == "event"]
        return values[-1] if values else None

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.fields]


def parse(text: str) -> list[Frame]:
    """Split an SSE body into frames (blank-line separated), per the WHATWG rules for fields:
    ``name: value`` with one optional space after the colon; comment lines start with ``:``."""
    frames: list[Frame] = []
    current = Frame()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line == "":
            if current.fields:
                frames.append(current)
            current = Frame()
            continue
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        current.fields.append((name, value if sep else ""))
    if current.fields:
        frames.append(current)
    return frames


def json_payloads(frames: list[Frame]) -> list[dict[str, Any]]:
    """The decoded JSON of every data frame except the ``[DONE]`` sentinel."""
    out = []
    for frame in frames:
        data = frame.data
        if data is None or data == "[DONE]":
            continue
        out.append(json.loads(data))
    return out
