"""A WebSocket to the target, for the checks of APIs served over one (the Responses API's
``wss://.../v1/responses``): Starlette's test client for a target in process, the
``websockets`` package for one over the network. JSON messages out and in; every message out
is priced by the budget like a request; a refused upgrade is "not served" when its status says
the URL is not one (404, 405, or the 403 a router without WebSocket routes gives)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .target import NotServed, Target

NOT_A_SOCKET = (403, 404, 405)
RECV_TIMEOUT = 60.0
TERMINAL = ("response.completed", "response.incomplete", "response.failed", "error")


@dataclass
class Socket:
    path: str
    target: Target
    _send: Callable[[str], None]
    _recv: Callable[[], str]

    def send(self, event: dict[str, Any]) -> None:
        data = json.dumps(event)
        self.target.budget.charge(self.path, data.encode())
        self._send(data)

    def recv(self) -> dict[str, Any]:
        event = json.loads(self._recv())
        assert isinstance(event, dict), f"a message that is not a JSON object: {event!r:.200}"
        return event

    def until_done(self) -> list[dict[str, Any]]:
        """The events up to the next terminal one (a response's end, or an error)."""
        events = [self.recv()]
        while events[-1].get("type") not in TERMINAL:
            events.append(self.recv())
        return events


def _refused(status: int, body: str, path: str) -> Exception:
    if status in NOT_A_SOCKET:
        return NotServed(f"not served: {status} (WebSocket {path})")
    return AssertionError(f"upgrade refused: status {status}: {body[:300]}")


@contextlib.contextmanager
def connect(target: Target, path: str) -> Iterator[Socket]:
    """A session on ``path`` (``/v1/responses``), with the target's key."""
    headers = {"Authorization": f"Bearer {target.api_key}"}
    url = "ws" + (target.root + path).removeprefix("http")  # http -> ws, https -> wss
    in_process = getattr(target.http, "websocket_connect", None)
    if in_process is not None:
        from starlette.testclient import WebSocketDenialResponse
        from starlette.websockets import WebSocketDisconnect

        try:
            with in_process(url, headers=headers) as session:

                def receive() -> str:
                    try:
                        return str(session.receive_text())
                    except WebSocketDisconnect as closed:
                        raise AssertionError(f"the session closed ({closed.code})") from None

                yield Socket(path, target, session.send_text, receive)
        except WebSocketDenialResponse as denied:
            raise _refused(denied.status_code, denied.text, path) from None
        except WebSocketDisconnect as closed:
            raise _refused(403, f"closed {closed.code}", path) from None
        return
    from websockets.exceptions import ConnectionClosed, InvalidStatus
    from websockets.sync.client import connect as ws_connect

    try:
        with ws_connect(url, additional_headers=headers, open_timeout=10) as connection:

            def recv() -> str:
                try:
                    message = connection.recv(timeout=RECV_TIMEOUT)
                except ConnectionClosed as closed:
                    raise AssertionError(f"the session closed ({closed})") from None
                return message if isinstance(message, str) else message.decode()

            yield Socket(path, target, connection.send, recv)
    except InvalidStatus as refused:
        response = refused.response
        raise _refused(response.status_code, response.body.decode(errors="replace"), path) from None
