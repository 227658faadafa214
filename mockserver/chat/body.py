"""A completion's JSON body as bytes with its ``id`` and ``created`` left open.

Byte-identical requests under one seed get the same completion but a new id and time; the
rest of the body is rendered once and the head is written around it, giving exactly the bytes
``dumps(completion.to_api())`` gives."""

from __future__ import annotations

from dataclasses import dataclass

from ..responses import dumps
from .reply import Completion

_OPEN = ("id", "object", "created")


@dataclass(frozen=True)
class BodyTemplate:
    tail: bytes  # the body after its first three keys, from the newline before "model"

    @classmethod
    def of(cls, completion: Completion) -> BodyTemplate:
        api = completion.to_api()
        assert tuple(api)[:3] == _OPEN, "to_api() must lead with id, object, created"
        rest = dumps({key: value for key, value in api.items() if key not in _OPEN})
        return cls(rest[1:])  # drop the opening brace: the head writes it

    def render(self, completion_id: str, created: int) -> bytes:
        # Ids are letters and digits: nothing in them needs escaping.
        head = b'{\n  "id": "%s",\n  "object": "chat.completion",\n  "created": %d,'
        return head % (completion_id.encode("ascii"), created) + self.tail
