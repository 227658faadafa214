"""A completion's JSON body as a replay template: its ``id`` and ``created`` left open.

Byte-identical requests under one seed get the same completion but a new id and time; the
rest of the body is rendered once and the head is written around it, giving exactly the bytes
``dumps(completion.to_api())`` gives."""

from __future__ import annotations

from ..replays import Template
from ..responses import dumps
from .reply import Completion

_OPEN = ("id", "object", "created")
_HEAD = b'{\n  "id": "%s",\n  "object": "chat.completion",\n  "created": %d,'


def body_template(completion: Completion) -> Template:
    api = completion.to_api()
    assert tuple(api)[:3] == _OPEN, "to_api() must lead with id, object, created"
    rest = dumps({key: value for key, value in api.items() if key not in _OPEN})
    # ``rest`` opens with "{" and the newline before "model": the head writes the brace.
    return Template(prefix="chatcmpl-", head=_HEAD, tail=rest[1:])
