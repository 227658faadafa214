"""The SDK's own WebSocket client (``client.responses.connect()`` and
``client.beta.responses.connect()``, over the ``websockets`` package) against the mock served
by uvicorn: typed events, the same answer as HTTP, steering, and the faults a socket gets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI, OpenAI
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from mockserver.testing import TEST_KEY

HELLO = {"model": "gpt-4o-mini", "input": "Hello!"}
# The SDK opens its socket with ``websockets.sync.client.connect()`` outside a ``with``, which
# websockets 17.1 deprecates; the warning is the SDK's, not the mock's.
pytestmark = pytest.mark.filterwarnings(
    "ignore:connect\\(\\) must be used as a context manager:DeprecationWarning"
)


@pytest.fixture
def client(mock_server_url: str) -> Iterator[OpenAI]:
    with OpenAI(base_url=mock_server_url, api_key=TEST_KEY, max_retries=0) as client:
        yield client  # closed after: an HTTP call leaves a pooled socket open otherwise


def _text(response: Any) -> str:
    """The answer's text (the beta ``Response`` type has no ``output_text``)."""
    return "".join(
        part.text for item in response.output if item.type == "message" for part in item.content
    )


def _until_done(connection: Any) -> list[Any]:
    events = []
    for event in connection:
        events.append(event)
        if event.type in ("response.completed", "error"):
            break
    return events


def test_the_beta_connection_streams_typed_events_with_the_http_answer(client: OpenAI) -> None:
    with client.beta.responses.connect() as connection:
        connection.response.create(**HELLO)
        events = _until_done(connection)
    assert [type(e).__name__ for e in events[:2]] == [
        "BetaResponseWsCreated",
        "BetaResponseInWsProgress",
    ]
    final = events[-1].response
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    over_http = client.responses.create(**HELLO)
    assert _text(final) == text == over_http.output_text
    assert final.usage is not None and over_http.usage is not None
    assert final.usage.input_tokens == over_http.usage.input_tokens
    assert client.responses.retrieve(final.id).output_text == text


def test_the_connection_continues_and_steers(client: OpenAI) -> None:
    with client.responses.connect() as connection:
        connection.response.create(**HELLO)
        first = _until_done(connection)[-1].response
        connection.response.create(**{**HELLO, "input": "More?"}, previous_response_id=first.id)
        second = _until_done(connection)[-1].response
        connection.send(
            {"type": "response.steer", "previous_response_id": second.id, "input": "Shorter."}
        )
        accepted = connection.recv()
        successor = _until_done(connection)
    assert second.previous_response_id == first.id
    assert accepted.type == "response.steer.accepted"
    assert successor[0].type == "response.created"
    assert successor[-1].response.previous_response_id == second.id


def test_an_error_event_leaves_the_session_open(client: OpenAI) -> None:
    with client.beta.responses.connect() as connection:
        connection.response.create(model="no-such-model", input="Hi")
        (error,) = _until_done(connection)
        connection.response.create(**HELLO)
        done = _until_done(connection)[-1]
    assert error.type == "error" and error.status == 404
    assert error.error.code == "model_not_found"
    assert done.type == "response.completed"


def test_the_async_connection(mock_server_url: str) -> None:
    async def run() -> str:
        client = AsyncOpenAI(base_url=mock_server_url, api_key=TEST_KEY, max_retries=0)
        async with client.responses.connect() as connection:
            await connection.response.create(**HELLO)
            async for event in connection:
                if event.type == "response.completed":
                    return _text(event.response)
        raise AssertionError("the connection closed before the response completed")

    assert asyncio.run(run())


def test_a_429_on_upgrade_reaches_the_sdk_with_the_envelope(client: OpenAI) -> None:
    with (
        pytest.raises(InvalidStatus) as refused,
        client.responses.connect(extra_headers={"X-Mock-Fault": "429=2"}),
    ):
        pass
    response = refused.value.response
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert b'"code": "rate_limit_exceeded"' in response.body


def test_a_wrong_key_is_refused_at_the_upgrade(client: OpenAI, mock_server_url: str) -> None:
    client.post("/../__mock__/keys", body={"api_keys": ["sk-the-only-one"]}, cast_to=object)
    wrong = OpenAI(base_url=mock_server_url, api_key="sk-wrong-key-0000", max_retries=0)
    with pytest.raises(InvalidStatus) as refused, wrong.responses.connect():
        pass
    assert refused.value.response.status_code == 401


def test_a_planned_disconnect_closes_the_sdks_connection(client: OpenAI) -> None:
    seen = []
    with (
        pytest.raises(ConnectionClosedError) as dropped,
        client.responses.connect(extra_headers={"X-Mock-Fault": "disconnect=2"}) as connection,
    ):
        connection.response.create(**HELLO)
        for event in connection:
            seen.append(event.type)
    assert seen == ["response.created", "response.in_progress"]
    assert dropped.value.rcvd is not None and dropped.value.rcvd.code == 1011


def test_the_sdk_reconnects_after_a_dropped_session_and_continues_from_the_stored_response(
    client: OpenAI,
) -> None:
    """1011 is a close the SDK retries: ``on_reconnecting`` (with no delay) drops the fault
    header and queues the next turn, which the SDK sends on the new socket; it continues the
    stored response the dropped socket was streaming, as the guide's recovery says
    (``store: true`` and its id)."""
    dropped: list[int] = []
    rid = ""

    def reconnecting(event: Any) -> Any:
        dropped.append(event.close_code)
        connection.response.create(**HELLO, previous_response_id=rid)  # queued while away
        return {"extra_headers": {}}

    with client.responses.connect(
        extra_headers={"X-Mock-Fault": "disconnect=2"},
        on_reconnecting=reconnecting,
        initial_delay=0,
    ) as connection:
        connection.response.create(**HELLO)
        events = iter(connection)
        created = next(events)
        assert created.type == "response.created"
        rid = created.response.id
        assert next(events).type == "response.in_progress"
        rest = _until_done(connection)
    assert dropped == [1011]
    assert [event.type for event in rest][:1] == ["response.created"]
    final = rest[-1]
    assert final.type == "response.completed"
    assert final.response.previous_response_id == rid
    assert client.responses.retrieve(rid).status == "completed"
