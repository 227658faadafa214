"""The pytest plugin's fixtures, exercised the way a user's test suite uses them."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from mockserver.testing import TEST_KEY


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_openai_client_lists_and_retrieves_models(openai_client: Any) -> None:
    models = openai_client.models.list()
    ids = [m.id for m in models.data]
    assert "gpt-4o" in ids and "whisper-1" in ids
    model = openai_client.models.retrieve("gpt-4o-mini")
    assert (model.id, model.object, model.owned_by) == ("gpt-4o-mini", "model", "system")


def test_sdk_sees_the_real_not_found(openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.NotFoundError) as info:
        openai_client.models.retrieve("gpt-9")
    assert info.value.code == "model_not_found"
    assert info.value.request_id is not None and info.value.request_id.startswith("req_")


def test_two_armed_429s_are_retried_by_the_sdk(openai_client: Any, mock_http: Any) -> None:
    armed = mock_http.post(
        "/__mock__/faults", json={"path": "/v1/models", "status": 429, "times": 2}
    )
    assert armed.status_code == 200
    assert openai_client.models.list().data
    requests = mock_http.get("/__mock__/requests").json()["data"]
    assert [r["status"] for r in requests] == [429, 429, 200]


@pytest.mark.anyio
async def test_async_client(async_openai_client: Any) -> None:
    model = await async_openai_client.models.retrieve("gpt-4o")
    assert model.created == 1715367049


@pytest.mark.socket
def test_served_over_a_socket(mock_server_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(api_key=TEST_KEY, base_url=mock_server_url, max_retries=0)
    assert client.models.retrieve("dall-e-3").owned_by == "system"
    raw = httpx2.get(mock_server_url + "/models", headers={"Authorization": "Bearer k"})
    assert raw.headers["x-request-id"].startswith("req_")


@pytest.mark.socket
def test_disconnect_over_a_socket_is_a_connection_error(mock_server_url: str) -> None:
    import openai
    from openai import OpenAI

    client = OpenAI(api_key=TEST_KEY, base_url=mock_server_url, max_retries=0)
    with pytest.raises(openai.APIConnectionError):
        client.models.list(extra_headers={"X-Mock-Fault": "disconnect"})


async def test_async_client_in_a_plain_async_test(async_openai_client: Any) -> None:
    # No marker and no async plugin: the mock's own plugin runs it.
    completion = await async_openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello!"}]
    )
    assert completion.choices[0].finish_reason == "stop"
