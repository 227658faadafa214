"""The Realtime API over HTTP: ``POST /v1/realtime/client_secrets`` (an ephemeral ``ek_`` key
for a session configured in advance, expiring on the mock's clock: 600 seconds unless
``expires_after`` asks for 10 to 7200), and ``/v1/realtime/calls``, which needs WebRTC or SIP
media the offline mock cannot carry: a 400 that says so."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http import errors
from ...http.body import json_body
from ...http.params import Param, check, check_value, param
from ...state import mock_state
from .config import ga_session
from .socket import configured

DEFAULT_SECONDS = 600
MIN_SECONDS = 10
MAX_SECONDS = 7200
SECRET: dict[str, Param] = {
    "expires_after": param("object"),
    "session": param("object"),
}


def _expiry(given: Any) -> int:
    if given is None:
        return DEFAULT_SECONDS
    anchor = given.get("anchor")
    if anchor is None:
        raise errors.missing_parameter("expires_after.anchor")
    check_value("expires_after.anchor", param("string", enum=("created_at",)), anchor)
    seconds = given.get("seconds", DEFAULT_SECONDS)
    spec = param("integer", minimum=MIN_SECONDS, maximum=MAX_SECONDS)
    check_value("expires_after.seconds", spec, seconds)
    return int(seconds)


async def create_client_secret(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    check(body, SECRET)
    seconds = _expiry(body.get("expires_after"))
    session = body.get("session") or {"type": "realtime"}
    if session.get("type") is None:
        raise errors.missing_parameter("session.type")
    try:
        config = configured(mock, session, None)
    except errors.APIError as error:
        # The socket's model errors, with the HTTP parameter they concern.
        error.param = error.param or "session.model"
        raise
    created = mock.now()
    value = mock.ids.new("ek_")
    expires_at = created + seconds
    mock.backends.realtime_client_secrets.keep(
        value, expires_at, {**session, "model": config.model or None}, created
    )
    shown = {**ga_session(config), "expires_at": 0}
    return {"value": value, "expires_at": expires_at, "session": shown}


def _calls_offline(request: Request) -> errors.APIError:
    return errors.APIError(
        400,
        "Realtime calls carry media over WebRTC or SIP, which this offline mock does not "
        "serve: use the WebSocket interface (wss://.../v1/realtime?model=...) instead.",
        code="unsupported_transport",
    )


async def create_call(request: Request) -> Any:
    raise _calls_offline(request)


async def call_action(request: Request) -> Any:
    raise _calls_offline(request)
