"""The request journal behind ``GET /__mock__/requests``: the last requests, newest last. A
WebSocket session is one entry, recorded when it ends: ``GET`` on its path, ``status`` 101
once upgraded (or the status that refused it), ``websocket: true``, and as ``body`` the list of
messages the client sent (as ``http/socket_session.py`` keeps them: the first ones, a large one
as its type and size)."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

import orjson


def _decode_body(body: bytes | int, content_type: str) -> Any:
    if isinstance(body, int):  # a multipart body, summarised when recorded
        return {"multipart_bytes": body}
    if not body:
        return None
    if "json" in content_type:
        try:
            return orjson.loads(body)  # strict: a body the API refused is shown as text
        except orjson.JSONDecodeError:
            pass
    if "multipart" in content_type:
        return {"multipart_bytes": len(body)}
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return {"binary_bytes": len(body)}


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[tuple[str, str, str, bytes, bytes | int, bytes, int, bool, bool]] = (
            deque(maxlen=size)
        )
        self._lock = threading.Lock()

    def record(
        self,
        *,
        request_id: str,
        method: str,
        path: str,
        query: bytes,
        body: bytes,
        content_type: bytes,
        status: int,
        streamed: bool,
        websocket: bool = False,
    ) -> None:
        # Kept raw (the query string and content type as the headers gave them): decoded only
        # when someone asks for the journal. A multipart body (an upload, up to 512 MB) is kept
        # as its size alone: the journal must not hold the files.
        kept: bytes | int = len(body) if b"multipart" in content_type and body else body
        entry = (request_id, method, path, query, kept, content_type, status, streamed, websocket)
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            entries = list(self._entries)
        return [
            {
                "request_id": request_id,
                "method": method,
                "path": path,
                "query": query.decode("latin-1"),
                "body": _decode_body(body, content_type.decode("latin-1")),
                "status": status,
                "stream": streamed,
                "websocket": websocket,
            }
            for (
                request_id,
                method,
                path,
                query,
                body,
                content_type,
                status,
                streamed,
                websocket,
            ) in entries
        ]

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()
