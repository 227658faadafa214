"""Replays: JSON responses that are pure functions of the request bytes, answered again with
a fresh id and time.

A handler whose response depends on nothing but (method, path, body) under the app's seed (no
scripted rule, no ids minted inside it, not streamed, not stored) keeps it here as a template.
The API middleware answers a byte-identical request from it, after authentication, faults and
the body limit but before routing and parsing: test suites repeat the same requests, and this
is the path they take. The bytes are those the handler would have written."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Send

from .stores import Memo

_JSON_TYPE = (b"content-type", b"application/json")


@dataclass(frozen=True)
class Template:
    """A body as ``head % (id, created) + tail``; ``prefix`` names the kind of id it takes."""

    prefix: str
    head: bytes
    tail: bytes

    def render(self, object_id: str, created: int) -> bytes:
        # Ids are letters and digits: nothing in them needs escaping.
        return self.head % (object_id.encode("ascii"), created) + self.tail


class Replays:
    def __init__(self, size: int = 256) -> None:
        self._memo: Memo[tuple[str, str, bytes], Template] = Memo(size)

    def keep(self, method: str, path: str, body: bytes, template: Template) -> None:
        self._memo.put((method, path, body), template)

    def find(self, method: str, path: str, body: bytes) -> Template | None:
        return self._memo.get((method, path, body))

    def reset(self) -> None:
        self._memo.reset()


async def send_json(send: Send, body: bytes) -> None:
    """A 200 with a JSON body, with the headers Starlette's ``Response`` writes, in its order."""
    headers = [(b"content-length", str(len(body)).encode()), _JSON_TYPE]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
