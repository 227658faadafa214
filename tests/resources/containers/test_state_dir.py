"""Containers over ``--state-dir``: a new app over the same folder (a restart) finds the
containers and their files' bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import AUTH
from tests.resources.containers.helpers import new_container


@pytest.fixture
def mock_settings(tmp_path: Path) -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))


def test_containers_and_their_files_outlive_the_app(
    mock_http: Any, mock_settings: Settings
) -> None:
    container = new_container(mock_http, network_policy={"type": "disabled"})
    path = f"/v1/containers/{container['id']}"
    made = mock_http.post(path + "/files", files={"file": ("a.txt", b"kept")}).json()
    with TestClient(create_app(mock_settings), base_url="http://mock", headers=AUTH) as again:
        assert again.get(path).json() == container
        assert again.get(f"{path}/files/{made['id']}/content").content == b"kept"
        assert again.delete(path).json()["deleted"] is True
    assert mock_http.get(path).status_code == 404
