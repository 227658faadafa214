"""Vector stores over ``--state-dir``: a new app over the same folder (a restart) finds the
stores, their files' progress and their chunks, and searches them alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import AUTH
from tests.resources.vector_stores.helpers import create_store, upload_docs


@pytest.fixture
def mock_settings(tmp_path: Path) -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))


def test_stores_outlive_the_app(mock_http: Any, mock_settings: Settings) -> None:
    store = create_store(mock_http, name="kb", file_ids=upload_docs(mock_http))
    path = f"/v1/vector_stores/{store['id']}"
    batch = mock_http.post(path + "/file_batches", json={"file_ids": upload_docs(mock_http)[:1]})
    query = {"query": "rocket orbit"}
    with TestClient(create_app(mock_settings), base_url="http://mock", headers=AUTH) as again:
        polled = again.get(path).json()  # the poll counts survive: this one completes them
        assert polled["status"] == "completed" and polled["file_counts"]["completed"] == 4
        batch_now = again.get(f"{path}/file_batches/{batch.json()['id']}").json()
        assert batch_now["status"] == "completed"
        found = again.post(path + "/search", json=query).json()
    assert found == mock_http.post(path + "/search", json=query).json()
    assert found["data"][0]["filename"] == "rockets.md"
