"""The Realtime API over HTTP: client secrets (ephemeral keys that open the session they were
made for, until they expire on the mock's clock) and the calls the offline mock cannot carry."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai import BadRequestError, OpenAI
from openai.types.realtime import ClientSecretCreateResponse
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from conformance.schemas import validate_sdk
from mockserver.testing import FROZEN_TIME
from tests.resources.chat.helpers import validate_openapi
from tests.resources.realtime.helpers import client, spec_view

BRIEF = {"type": "realtime", "model": "gpt-realtime", "instructions": "Be brief."}


def _secret(http: TestClient, **body: Any) -> dict[str, Any]:
    response = http.post("/v1/realtime/client_secrets", json=body)
    assert response.status_code == 200, response.text
    made: dict[str, Any] = response.json()
    validate_sdk(ClientSecretCreateResponse, made, allow_extra=("id", "object"))
    validate_openapi("RealtimeCreateClientSecretResponse", spec_view(made))
    return made


def _first_event(http: TestClient, key: str, path: str = "/v1/realtime") -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    with http.websocket_connect(path, headers=headers) as ws:
        event: dict[str, Any] = json.loads(ws.receive_text())
    return event


def test_a_client_secret_opens_the_session_it_was_made_for_until_it_expires() -> None:
    with client() as http:
        http.post("/__mock__/keys", json={"api_keys": ["sk-mock-test"]})
        made = _secret(http, session=BRIEF)
        assert made["value"].startswith("ek_")
        assert made["expires_at"] == FROZEN_TIME + 600
        assert made["session"]["instructions"] == "Be brief."
        created = _first_event(http, made["value"])
        assert created["type"] == "session.created"
        assert created["session"]["instructions"] == "Be brief."
        http.post("/__mock__/clock", json={"advance": 600})
        with (
            http.websocket_connect(
                "/v1/realtime", headers={"Authorization": f"Bearer {made['value']}"}
            ) as ws,
        ):
            refused = json.loads(ws.receive_text())
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_text()
    assert refused["error"]["code"] == "invalid_api_key"
    assert closed.value.code == 3000


def test_expires_after_and_its_limits() -> None:
    with client() as http:
        made = _secret(http, expires_after={"anchor": "created_at", "seconds": 7200})
        assert made["expires_at"] == FROZEN_TIME + 7200
        for seconds, code in ((9, "integer_below_min_value"), (7201, "integer_above_max_value")):
            response = http.post(
                "/v1/realtime/client_secrets",
                json={"expires_after": {"anchor": "created_at", "seconds": seconds}},
            )
            assert response.status_code == 400
            assert response.json()["error"]["code"] == code
        wrong = http.post(
            "/v1/realtime/client_secrets", json={"session": {"type": "realtime", "model": "gpt-4o"}}
        )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"] == 'Model "gpt-4o" is not supported in realtime mode.'


def test_the_sdk_makes_a_secret_and_a_transcription_one(mock_server_url: str) -> None:
    with OpenAI(base_url=mock_server_url, api_key="sk-mock-test", max_retries=0) as sdk:
        made = sdk.realtime.client_secrets.create(session=BRIEF)  # type: ignore[arg-type]
        transcription = sdk.realtime.client_secrets.create(session={"type": "transcription"})
    assert made.value.startswith("ek_") and made.session.type == "realtime"
    assert transcription.session.type == "transcription"


def test_calls_need_media_the_offline_mock_cannot_carry(mock_server_url: str) -> None:
    with (
        OpenAI(base_url=mock_server_url, api_key="sk-mock-test", max_retries=0) as sdk,
        pytest.raises(BadRequestError) as refused,
    ):
        sdk.realtime.calls.hangup("rtc_123")
    assert "WebRTC or SIP" in refused.value.message
