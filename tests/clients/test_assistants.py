"""Assistants against the mock: the seed's raw HTTP request, then the SDK's run with the
weather function answered locally at ``requires_action``."""

from __future__ import annotations

import warnings

import openai
import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.assistants import (
    SEED_ASSISTANT,
    ask_assistant,
    create_assistant_over_http,
    delete_assistant_over_http,
    forget_assistant,
)
from clients.config import ApiKey, ClientConfig
from clients.tools import ToolLoopExhausted
from clients.weather import SEED_QUESTION, WEATHER_TOOL


def test_the_seeds_post_creates_an_assistant(config: ClientConfig, mock_http: TestClient) -> None:
    response = create_assistant_over_http(config.base_url, config.api_key, http=mock_http)
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "assistant" and body["id"].startswith("asst_")
    assert {key: body[key] for key in SEED_ASSISTANT} == SEED_ASSISTANT
    assert body["instructions"] is None and body["tools"] == []
    gone = delete_assistant_over_http(config.base_url, config.api_key, body["id"], http=mock_http)
    assert gone.json() == {"id": body["id"], "object": "assistant.deleted", "deleted": True}


def test_a_wrong_key_is_a_401_not_an_exception(config: ClientConfig, mock_http: TestClient) -> None:
    mock_http.post("/__mock__/keys", json={"api_keys": ["sk-the-only-good-key-000"]})
    response = create_assistant_over_http(
        config.base_url, ApiKey("sk-wrong-key-1234567"), http=mock_http
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


def test_the_weather_run_goes_through_requires_action(client: OpenAI) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the library silences the SDK's deprecation itself
        result = ask_assistant(client, SEED_QUESTION, [WEATHER_TOOL], poll_interval_ms=0)
    (call,) = result.calls
    assert call.name == "get_current_weather" and "Boston" in call.arguments["location"]
    assert [run.status for run in result.runs] == ["requires_action", "completed"]
    assert "22" in result.answer
    forget_assistant(client, result)
    with pytest.warns(DeprecationWarning), pytest.raises(openai.NotFoundError):
        client.beta.assistants.retrieve(result.assistant.id)


def test_without_tools_the_run_completes_at_once(client: OpenAI) -> None:
    result = ask_assistant(client, "Say hello.", poll_interval_ms=0)
    assert [run.status for run in result.runs] == ["completed"] and result.answer
    assert result.calls == []


def test_a_run_that_keeps_asking_is_stopped(client: OpenAI) -> None:
    with pytest.raises(ToolLoopExhausted):
        ask_assistant(client, SEED_QUESTION, [WEATHER_TOOL], poll_interval_ms=0, max_rounds=0)
