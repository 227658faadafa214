"""Runs under ``--lifecycle realtime``: each step takes its seconds on the mock's clock."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import Settings
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME

from .helpers import V2, weather_assistant

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")


@pytest.fixture
def mock_settings() -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), lifecycle="realtime")


def test_realtime_runs_move_with_the_clock_not_the_polls(mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    thread = mock_http.post(
        "/v1/threads", headers=V2, json={"messages": [{"role": "user", "content": "Hi"}]}
    ).json()
    base = f"/v1/threads/{thread['id']}/runs"
    run = mock_http.post(base, headers=V2, json={"assistant_id": assistant["id"]}).json()
    for _ in range(3):  # polling alone moves nothing
        assert mock_http.get(f"{base}/{run['id']}", headers=V2).json()["status"] == "queued"
    moved = mock_http.post("/__mock__/clock", json={"advance": 60})
    assert moved.status_code == 200, moved.text
    done = mock_http.get(f"{base}/{run['id']}", headers=V2).json()
    assert done["status"] == "completed" and done["completed_at"] > FROZEN_TIME
    assert done["started_at"] < done["completed_at"] <= FROZEN_TIME + 60
