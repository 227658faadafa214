"""Server events: each carries a fresh ``event_id`` (seeded, from the mock's ids), and the
``error`` event in the shape the real API sends (the envelope's four fields, and the client
event's own ``event_id`` when it gave one). The wordings the real API uses on a socket are
here, from live transcripts (see the status notes of the realtime work)."""

from __future__ import annotations

from typing import Any

from ...http import errors
from ...state import MockState

# The client event types the real GA socket lists when it refuses one it does not know.
GA_CLIENT_EVENTS = (
    "session.update",
    "session.close",
    "input_audio_buffer.append",
    "session.input_audio_buffer.append",
    "input_audio_buffer.commit",
    "input_audio_buffer.clear",
    "conversation.item.create",
    "conversation.item.truncate",
    "conversation.item.delete",
    "conversation.item.retrieve",
    "response.create",
    "response.cancel",
)
# The beta interface's (``OpenAI-Beta: realtime=v1``): its own transcription session update,
# and none of the GA additions (session.close, the session.-prefixed append).
BETA_CLIENT_EVENTS = (
    "session.update",
    "transcription_session.update",
    *(
        kind
        for kind in GA_CLIENT_EVENTS
        if kind not in ("session.update", "session.close", "session.input_audio_buffer.append")
    ),
)


class Emitter:
    """Makes the session's server events."""

    def __init__(self, mock: MockState) -> None:
        self.mock = mock

    def __call__(self, kind: str, **fields: Any) -> dict[str, Any]:
        return {"type": kind, "event_id": self.mock.ids.new("event_"), **fields}

    def error(self, error: errors.APIError, client_event_id: Any = None) -> dict[str, Any]:
        body = error.body()["error"]
        event_id = client_event_id if isinstance(client_event_id, str) else None
        return self("error", error={**body, "event_id": event_id})


def invalid_json() -> errors.APIError:
    return errors.APIError(400, "Invalid event: failed to parse JSON value.", code="invalid_json")


def binary_frame() -> errors.APIError:
    return errors.APIError(
        400,
        "Expected a text WebSocket message; binary frames are not supported.",
        code="invalid_event",
    )


def commit_empty(milliseconds: float) -> errors.APIError:
    return errors.APIError(
        400,
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of "
        f"audio, but buffer only has {milliseconds:.2f}ms of audio.",
        code="input_audio_buffer_commit_empty",
    )


def item_not_found(param: str, item_id: str) -> errors.APIError:
    return errors.APIError(
        400,
        f"Error: Item with item_id '{item_id}' not found.",
        param=param,
        code="item_not_found",
    )


def cancel_not_active() -> errors.APIError:
    return errors.APIError(
        400,
        "Cancellation failed: no active response found",
        code="response_cancel_not_active",
    )


def active_response(response_id: str) -> errors.APIError:
    return errors.APIError(
        400,
        f"Conversation already has an active response in progress: {response_id}. Wait "
        "until the response is finished before creating a new one.",
        code="conversation_already_has_active_response",
    )


def wrong_session_type(sent: str, session: str) -> errors.APIError:
    return errors.APIError(
        400,
        f"Passing a {sent} session update event to a {session} session is not allowed.",
        param="session.type",
        code="invalid_value",
    )


def invalid_base64(param: str) -> errors.APIError:
    return errors.APIError(
        400,
        f"Invalid '{param}': expected a base64-encoded string.",
        param=param,
        code="invalid_value",
    )
