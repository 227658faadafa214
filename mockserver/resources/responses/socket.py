"""The Responses API over a WebSocket (``client.responses.connect()``, ``wss://.../v1/responses``):
each ``response.create`` is answered with the events ``stream: true`` sends, one JSON message
each, made by the same ``create`` as POST /v1/responses (so stored responses, conversations
and ``previous_response_id`` are shared with HTTP). The socket also keeps its last response's
context, so a ``store: false`` response can be continued on the socket that made it, as the
real API's connection-local state allows. ``generate: false`` (a warm-up) reads the input and
makes nothing: a completed response without output, to continue from. A bad client event gets
an ``error`` event and the session lives on.

The connection-local cache is the guide's: each lane (a ``stream_id``, or the default lane)
keeps its latest response, so a ``store: false`` response can be continued, or forked onto
another lane, while it is its lane's latest; a same-lane continuation that fails evicts the
response it named. A connection takes at most 32 distinct named lanes, and lasts 60 minutes of
the mock's clock: the first message after that gets ``websocket_connection_limit_reached`` and
the socket is closed (the mock sees the hour pass only when a message arrives).

``response.steer`` offline: the mock answers each response whole before it reads the next
message, so a steer always finds its target finished. On the socket's last response, finished
normally, the steer is accepted and an automatic successor follows at once (the target's
settings, ``previous_response_id`` the target, the steering input as input); on one that
stopped for function calls, the input stays queued (``response.steer.pending`` with the
``required_input`` stubs) and is put first in the input of the next ``response.create`` that
continues it; anything else is ``response.steer.failed``. ``response.inject`` finds its target
finished too: ``response.inject.failed``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.websockets import WebSocket

from ...http import errors
from ...state import MockState
from .handlers import Created, create

STREAM_ID = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
NAMED_STREAMS_MAX = 32
CONNECTION_SECONDS = 60 * 60
CLIENT_EVENTS = ("response.create", "response.steer", "response.inject")
# Fields of ``response.create`` that belong to the socket, not to the request.
_ENVELOPE = ("type", "stream_id")
_STEER_FIELDS = frozenset(("type", "previous_response_id", "input"))
_PART_TYPES = frozenset(("input_text", "input_image", "input_file"))
_MESSAGE_FIELDS = frozenset(("type", "role", "content"))


def error_event(error: errors.APIError, stream_id: str | None = None) -> dict[str, Any]:
    """An API error as the socket's ``error`` event: the envelope's fields and the status."""
    event: dict[str, Any] = {"type": "error", "status": error.status, **error.body()}
    if stream_id is not None:
        event["stream_id"] = stream_id
    return event


def unsupported(param: str, message: str) -> errors.APIError:
    return errors.APIError(400, message, param=param, code="unsupported_parameter")


BACKGROUND = "Background mode is not supported over WebSocket."


def check_stream_id(value: Any) -> str | None:
    """A ``stream_id`` as the guide has it: 1-256 letters, digits, ``_``, ``-`` and ``.``; any
    other value is the guide's ``invalid_stream_id`` (an empty string too: omitting the field
    is how the default lane is chosen)."""
    if value is None:
        return None
    if not isinstance(value, str) or not STREAM_ID.match(value):
        raise errors.APIError(
            400,
            "The 'stream_id' field must be a non-empty string with at most 256 characters and "
            "may only contain letters, numbers, underscores, hyphens, and periods.",
            param="stream_id",
            code="invalid_stream_id",
        )
    return value


def stream_limit() -> errors.APIError:
    return errors.APIError(
        400,
        f"This WebSocket connection has reached its maximum number of distinct stream IDs "
        f"({NAMED_STREAMS_MAX}). Reuse an existing stream_id or open a new WebSocket connection.",
        param="stream_id",
        code="websocket_stream_limit_reached",
    )


# The guide's example of this event leaves ``param`` out; the spec's error payload requires
# it (nullable), and the limit is the connection's, not a field's: null.
CONNECTION_LIMIT = error_event(
    errors.APIError(
        400,
        "Responses websocket connection limit reached (60 minutes). Create a new websocket "
        "connection to continue.",
        code="websocket_connection_limit_reached",
    )
)


def steer_input_problem(value: Any) -> tuple[str, bool] | None:
    """Why a steering input is refused (None: a string or a non-empty list of user messages
    with text, image or file parts), and whether ``response.steer.failed`` can return it: an
    input outside the shape the SDK's types give that event is an ``error`` event instead."""
    if isinstance(value, str):
        return None
    if not isinstance(value, list):
        return "Steering input must be a string or an array of input items.", False
    if not value:
        return "Steering input must be a non-empty array of input items.", True
    for k, item in enumerate(value):
        if isinstance(item, dict) and item.get("type") == "function_call_output":
            return f"input[{k}]: tool outputs are not supported for steering.", True
        if not isinstance(item, dict) or set(item) - _MESSAGE_FIELDS:
            return f"input[{k}]: a steering item may contain only type, role and content.", False
        if item.get("type", "message") != "message" or item.get("role") != "user":
            return f"input[{k}]: steering accepts only messages with the 'user' role.", False
        content = item.get("content")
        if isinstance(content, str):
            continue
        if not isinstance(content, list) or not all(
            isinstance(part, dict) and part.get("type") in _PART_TYPES for part in content
        ):
            message = (
                f"input[{k}].content: a string or an array of input_text, input_image and "
                "input_file parts."
            )
            return message, False
    return None


def _as_items(value: Any) -> list[Any]:
    """An ``input`` as a list of items (a string is one user message)."""
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    return list(value) if isinstance(value, list) else [value]


@dataclass
class _Made:
    """A response this socket made: what a steer or a continuation needs of it."""

    body: dict[str, Any]
    stream_id: str | None
    created: Created
    next_sequence: int
    pending: list[tuple[str, Any]] = field(default_factory=list)


class Session:
    """One socket's state: the responses it made and its last response's context."""

    def __init__(self, mock: MockState) -> None:
        self.mock = mock
        self.made: dict[str, _Made] = {}
        self.last: str | None = None
        # The connection-local cache: each lane's latest response (None is the default lane).
        self.latest: dict[str | None, str] = {}
        self.named: set[str] = set()
        self.opened = mock.clock.now()

    def expired(self) -> bool:
        return self.mock.clock.now() - self.opened >= CONNECTION_SECONDS

    def answer(self, raw: str | bytes) -> Iterator[dict[str, Any]]:
        """The events that answer one client message."""
        try:
            event = orjson.loads(raw)
        except orjson.JSONDecodeError:
            yield error_event(errors.invalid_json())
            return
        if not isinstance(event, dict):
            yield error_event(errors.invalid_type("event", "an object", event))
            return
        kind = event.get("type")
        if kind is None:
            yield error_event(errors.missing_parameter("type"))
        elif kind == "response.create":
            yield from self._create(event)
        elif kind == "response.steer":
            yield from self._steer(event)
        elif kind == "response.inject":
            yield from self._inject(event)
        else:
            yield error_event(errors.invalid_enum("type", kind, CLIENT_EVENTS))

    def _create(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        given = event.get("stream_id")
        try:
            stream_id = check_stream_id(given)
        except errors.APIError as error:
            yield error_event(error)
            return
        if stream_id is not None and stream_id not in self.named:
            if len(self.named) >= NAMED_STREAMS_MAX:
                yield error_event(stream_limit(), stream_id)
                return
            self.named.add(stream_id)
        body = {k: v for k, v in event.items() if k not in _ENVELOPE}
        if body.get("background"):
            yield error_event(unsupported("background", BACKGROUND), stream_id)
            return
        generate = body.pop("generate", True)
        if not isinstance(generate, bool):
            yield error_event(errors.invalid_type("generate", "a boolean", generate), stream_id)
            return
        target = self.made.get(str(body.get("previous_response_id")))
        pending = target.pending if target is not None else []
        if pending:
            # Accepted steering input goes first, in the order it was sent.
            queued = [item for _, steered in pending for item in _as_items(steered)]
            body["input"] = [*queued, *_as_items(body.get("input", []))]
        before = self.last
        yield from self._run(body, stream_id, generate=generate)
        if pending and self.last != before:  # the successor's creation commits the input
            pending.clear()

    def _run(
        self, body: dict[str, Any], stream_id: str | None, *, generate: bool = True
    ) -> Iterator[dict[str, Any]]:
        """One response's events (or its error): ``stream`` is implicit over a socket."""
        kept = {rid: self.made[rid].created.context for rid in self.latest.values()}
        try:
            made = create(self.mock, {**body, "stream": True}, kept, generate=generate)
        except errors.APIError as error:
            parent = self.latest.get(stream_id)
            if parent is not None and body.get("previous_response_id") == parent:
                del self.latest[stream_id]  # a failed same-lane continuation evicts its parent
            yield error_event(error, stream_id)
            return
        sequence = 0
        for item in made.events(self.mock.seed):
            if stream_id is not None:
                item["stream_id"] = stream_id
            sequence = item["sequence_number"] + 1
            yield item
        rid = made.response["id"]
        self.made[rid] = _Made(body, stream_id, made, sequence)
        self.last = rid
        self.latest[stream_id] = rid

    def _steer_event(self, kind: str, target: _Made, **fields: Any) -> dict[str, Any]:
        # Numbered on as the target's own stream would have numbered them.
        event = {"type": kind, "sequence_number": target.next_sequence, **fields}
        target.next_sequence += 1
        if target.stream_id is not None:
            event["stream_id"] = target.stream_id
        return event

    def _steer(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        previous, given = event.get("previous_response_id"), event.get("input")
        target = self.made.get(previous) if isinstance(previous, str) else None
        refused = {"input": given, "previous_response_id": previous}

        def failed(code: str, message: str, steer_id: str | None = None) -> dict[str, Any]:
            error = {"code": code, "message": message, "type": errors.INVALID_REQUEST}
            steer = refused if steer_id is None else {**refused, "id": steer_id}
            if target is None:
                return {
                    "type": "response.steer.failed",
                    "sequence_number": 0,
                    "error": error,
                    "steer": steer,
                }
            return self._steer_event("response.steer.failed", target, error=error, steer=steer)

        if given is None:
            yield error_event(errors.missing_parameter("input"))
            return
        if not isinstance(previous, str):
            missing = previous is None
            yield error_event(
                errors.missing_parameter("previous_response_id")
                if missing
                else errors.invalid_type("previous_response_id", "a string", previous)
            )
            return
        problem = steer_input_problem(given)
        if problem is not None and not problem[1]:
            yield error_event(errors.invalid_value("input", problem[0]))
            return
        if problem is None and set(event) - _STEER_FIELDS:
            extra = sorted(set(event) - _STEER_FIELDS)[0]
            problem = (
                f"Unknown parameter: '{extra}'. response.steer accepts only type, "
                "previous_response_id and input.",
                True,
            )
        if problem is not None:
            yield failed("invalid_input", problem[0])
            return
        if target is None:
            yield failed(
                "response_not_found", f"Response '{previous}' is not available on this connection."
            )
            return
        if target.created.req.conversation_id is not None:
            yield failed(
                "steering_not_supported",
                "Responses bound to a conversation do not support steering.",
            )
            return
        rid = target.created.response["id"]
        calls = target.created.tool_calls
        if not calls and self.last != rid:
            yield failed(
                "response_already_completed",
                f"Response '{rid}' completed and is no longer accepting steering input.",
            )
            return
        steer_id = self.mock.ids.new("steer_")
        accepted = {"id": steer_id, "previous_response_id": rid}
        yield self._steer_event("response.steer.accepted", target, steer=accepted)
        if calls:
            target.pending.append((steer_id, given))
            required = [
                {"type": "function_call_output", "call_id": c["call_id"], "name": c["name"]}
                for c in calls
            ]
            yield self._steer_event(
                "response.steer.pending",
                target,
                reason="waiting_for_required_input",
                required_input=required,
                steer=accepted,
            )
            return
        # An automatic successor: the target's settings, continued with the steering input.
        body = {k: v for k, v in target.body.items() if k != "conversation"}
        successor = {**body, "previous_response_id": rid, "input": given}
        events = list(self._run(successor, target.stream_id))
        if events and events[0]["type"] == "error":
            yield failed("successor_creation_failed", events[0]["error"]["message"], steer_id)
            return
        yield from events

    def _inject(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        rid, given = event.get("response_id"), event.get("input")
        target = self.made.get(rid) if isinstance(rid, str) else None
        if target is None:
            code, message = "response_not_found", f"Response '{rid}' was not found."
        else:
            code, message = "response_already_completed", f"Response '{rid}' has completed."
        failed = {
            "error": {"code": code, "message": message},
            "input": given if isinstance(given, list) else [],
            "response_id": rid if isinstance(rid, str) else "",
        }
        if target is None:
            yield {"type": "response.inject.failed", "sequence_number": 0, **failed}
        else:
            yield self._steer_event("response.inject.failed", target, **failed)


async def responses_socket(websocket: WebSocket) -> None:
    """``wss://.../v1/responses``: the session, one client message at a time."""
    await websocket.accept()
    mock: MockState = websocket.app.state.mock
    session = Session(mock)
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if session.expired():
            await websocket.send_text(orjson.dumps(CONNECTION_LIMIT).decode())
            await websocket.close()
            return
        raw = message.get("text")
        if raw is None:
            raw = message.get("bytes") or b""
        for event in session.answer(raw):
            await websocket.send_text(orjson.dumps(event).decode())
