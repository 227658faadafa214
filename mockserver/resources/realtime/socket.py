"""``wss://.../v1/realtime?model=...`` (``client.realtime.connect()``, and the beta
``client.beta.realtime.connect()``): the upgrade is accepted, then the key and the model are
checked as the real API checks them, after the 101: a wrong or missing key is an ``error``
event and close 3000, a wrong or missing model an ``error`` event and close 4000 (each close's
reason is the error's ``type.code``). Then ``session.created``, and each client message is
answered with its server events, made off the event loop (speech synthesis is CPU work).

A reader task takes the client's messages as they come while one loop owns the session: it
answers a message, or sends the next event of the response in flight, one at a time, so a
``response.cancel`` (or speech over the reply) lands mid-response and a response's events stay
in order. What paces a response is the ``slow`` fault (on the mock's clock), or a hook a test
puts in ``app.state.realtime_pace``: awaited before each event of a response in flight, a
message that arrives meanwhile is answered first."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.types import Message
from starlette.websockets import WebSocket, WebSocketDisconnect

from ...catalogue import Model
from ...http import errors
from ...http.auth import auth_error, bearer_key
from ...state import MockState
from .config import SESSION_SECONDS, Config, ga_update
from .events import Emitter
from .interface import BETA, GA, Interface, wants_beta
from .session import Session

AUTH_CLOSE = 3000
REQUEST_CLOSE = 4000
EPHEMERAL_PREFIX = "ek_"
EXAMPLE_MODEL = "gpt-realtime-1.5"
# The model of a client secret's session that names none.
DEFAULT_MODEL = "gpt-realtime"
# Browsers offer "realtime" with the key protocol; the server answers with it.
SUBPROTOCOL = "realtime"
# The app.state attribute of an injected pacing hook (tests hold a response in flight with it).
PACE_STATE = "realtime_pace"
Pace = Callable[[dict[str, Any]], Awaitable[None]]
# Unpaced, the loop gives the reader a turn once every few events of a response in flight:
# a turn of the event loop costs about what sending an event does, and a client's cancel (or
# speech over the reply) still lands within this many events of arriving.
EVENTS_PER_TURN = 8


def _missing_key() -> errors.APIError:
    return errors.APIError(401, "Missing bearer or basic authentication in header")


def missing_model() -> errors.APIError:
    return errors.APIError(
        400,
        "You must provide a model parameter, for example "
        f"wss://api.openai.com/v1/realtime?model={EXAMPLE_MODEL}",
        code="missing_model",
    )


def invalid_model(model: str) -> errors.APIError:
    return errors.APIError(
        400, f'Model "{model}" is not supported in realtime mode.', code="invalid_model"
    )


def beta_disabled() -> errors.APIError:
    return errors.APIError(
        400,
        "The Realtime API beta shape is no longer supported: remove the 'OpenAI-Beta: "
        "realtime=v1' header to use the GA interface.",
        code="beta_api_shape_disabled",
    )


def beta_transcription() -> errors.APIError:
    # The mock's own limit (the beta transcription_session.* shapes are not made here).
    return errors.APIError(
        400,
        "Transcription sessions are served on the GA interface only: connect without the "
        "'OpenAI-Beta: realtime=v1' header.",
        param="intent",
        code="unsupported_value",
    )


def key_error(mock: MockState, authorization: str | None) -> errors.APIError | None:
    """Why the key is refused (None: accepted); an ephemeral key counts until it expires."""
    key = bearer_key(authorization)
    if key is None:
        return _missing_key()
    if key.startswith(EPHEMERAL_PREFIX):
        secrets = mock.backends.realtime_client_secrets
        if secrets.live(key, mock.clock.now()) is not None:
            return None
        return errors.incorrect_api_key(key)
    return auth_error(authorization, mock.api_keys)


def conversation_model(mock: MockState, asked: str | None) -> Model:
    """The realtime model asked for: one the catalogue serves on realtime and that converses
    (the transcription models serve realtime only through ``intent=transcription``)."""
    if not asked:
        raise missing_model()
    model = mock.catalogue.find(asked)
    if model is None or "realtime" not in model.endpoints:
        raise invalid_model(asked)
    if "audio.transcriptions" in model.endpoints:
        raise invalid_model(asked)
    return model


def _closing(error: errors.APIError) -> tuple[int, str]:
    code = AUTH_CLOSE if error.status == 401 else REQUEST_CLOSE
    reason = error.type if error.code is None else f"{error.type}.{error.code}"
    return code, reason


def configured(mock: MockState, request: dict[str, Any], model: str | None) -> Config:
    """A session's configuration from a GA session object (a client secret's ``session``):
    ``model`` (the connection's, else the object's) checked as the socket checks it."""
    given = {k: v for k, v in request.items() if k != "model"}
    expires = mock.now() + SESSION_SECONDS
    if request.get("type") == "transcription":
        base = Config("transcription", mock.ids.new("sess_"), "", expires)
        return ga_update(base, {**given, "type": "transcription"})
    found = conversation_model(mock, model or request.get("model") or DEFAULT_MODEL)
    base = Config("realtime", mock.ids.new("sess_"), found.id, expires)
    return ga_update(base, {**given, "type": "realtime"})


def _opened(mock: MockState, websocket: WebSocket, interface: Interface) -> Session:
    query = websocket.query_params
    authorization = websocket.scope.get("state", {}).get("authorization")
    error = key_error(mock, authorization)
    if error is not None:
        raise error
    key = bearer_key(authorization) or ""
    secret = mock.backends.realtime_client_secrets.live(key, mock.clock.now())
    if secret is not None:  # the session the ephemeral key was made for
        config = configured(mock, secret["session"], query.get("model"))
        model = mock.catalogue.get(config.model) if config.kind == "realtime" else None
        return Session(mock, config, model, interface)
    expires = mock.now() + SESSION_SECONDS
    if query.get("intent") == "transcription":
        if interface is not GA:
            raise beta_transcription()
        config = Config("transcription", mock.ids.new("sess_"), "", expires)
        return Session(mock, config, None, interface)
    found = conversation_model(mock, query.get("model"))
    config = Config("realtime", mock.ids.new("sess_"), found.id, expires)
    config.output_modalities = list(interface.default_modalities)
    return Session(mock, config, found, interface)


async def _send(websocket: WebSocket, events: list[dict[str, Any]]) -> None:
    for event in events:
        await websocket.send_text(orjson.dumps(event).decode())


async def realtime_socket(websocket: WebSocket) -> None:
    mock: MockState = websocket.app.state.mock
    offered = websocket.scope.get("subprotocols") or []
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    interface = BETA if wants_beta(websocket.headers.get("openai-beta")) else GA
    try:
        if interface is BETA and mock.settings.retired_apis:
            raise beta_disabled()
        session = _opened(mock, websocket, interface)
    except errors.APIError as refused:
        await _send(websocket, [Emitter(mock).error(refused)])
        code, reason = _closing(refused)
        await websocket.close(code=code, reason=reason)
        return
    # A client that goes away while events are on their way leaves nothing to answer.
    with contextlib.suppress(WebSocketDisconnect):
        await _serve(websocket, session)


async def _serve(websocket: WebSocket, session: Session) -> None:
    await _send(websocket, session.opening())
    pace: Pace | None = getattr(websocket.app.state, PACE_STATE, None)
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    reader = asyncio.create_task(_read(websocket, inbox))
    steps = 0  # events of responses in flight sent so far
    try:
        while True:
            turn = steps % EVENTS_PER_TURN == 0
            message = await _next_message(session, inbox, pace, reader_turn=turn)
            if message is None:  # nothing from the client: the response goes on
                steps += 1
                await _send(websocket, session.step())
                continue
            if message["type"] == "websocket.disconnect":
                return
            events = await run_in_threadpool(session.answered, message.get("text"))
            await _send(websocket, events)
            if session.closed:
                await websocket.close(code=1000)
                return
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await reader


async def _read(websocket: WebSocket, inbox: asyncio.Queue[Message]) -> None:
    while True:
        message = await websocket.receive()
        inbox.put_nowait(message)
        if message["type"] == "websocket.disconnect":
            return


async def _next_message(
    session: Session, inbox: asyncio.Queue[Message], pace: Pace | None, *, reader_turn: bool
) -> Message | None:
    """The client's next message; None when a response is in flight and its next event is
    due first (after its pace, which a message arriving meanwhile cuts short). Unpaced, the
    reader is given a turn first when ``reader_turn`` (see ``EVENTS_PER_TURN``)."""
    flight = session.flight
    if flight is None:
        return await inbox.get()
    if pace is None:
        if reader_turn:  # what the client sent meanwhile comes first
            await asyncio.sleep(0)
        return None if inbox.empty() else inbox.get_nowait()
    if not inbox.empty():
        return inbox.get_nowait()
    event = flight.next_event
    if event is None:  # only the response's end is left
        return None
    getting = asyncio.ensure_future(inbox.get())
    pacing = asyncio.ensure_future(pace(event))
    await asyncio.wait((getting, pacing), return_when=asyncio.FIRST_COMPLETED)
    pacing.cancel()
    if not getting.done():
        getting.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        return await getting
    return None
