"""Fixtures for the client library's tests: a client built by the library's own
``make_client`` on the mock's in-process transport, with a key the tests can look for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.config import ApiKey, ClientConfig, make_client
from mockserver.tokens import populate_tiktoken_cache

# A key shaped like a real one, so that a leak of it anywhere would be plain to see.
SECRET = "sk-proj-clients-test-secret-5f3a9c"


@pytest.fixture(scope="session")
def tiktoken_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return populate_tiktoken_cache(tmp_path_factory.mktemp("tiktoken"))


@pytest.fixture(autouse=True)
def _offline_tiktoken(tiktoken_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """tiktoken loads its encodings from the verified copies, never from the network."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tiktoken_cache))
    yield


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(api_key=ApiKey(SECRET), base_url="http://mock/v1", max_retries=0)


@pytest.fixture
def client(config: ClientConfig, mock_http: TestClient) -> OpenAI:
    return make_client(config, http_client=mock_http)


def journal(mock_http: TestClient, path: str) -> list[dict[str, Any]]:
    """The requests the mock received on ``path``, oldest first."""
    entries = mock_http.get("/__mock__/requests").json()["data"]
    return [entry for entry in entries if entry["path"] == path]
