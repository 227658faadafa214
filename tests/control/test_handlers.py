from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import AUTH, envelope


def test_rules_can_be_added_and_listed(mock_http: TestClient) -> None:
    added = mock_http.post(
        "/__mock__/rules", json={"match": {"contains": "hi"}, "reply": {"content": "hello"}}
    )
    assert added.status_code == 200
    assert mock_http.get("/__mock__/rules").json()["data"] == [
        {"match": {"contains": "hi"}, "reply": {"content": "hello"}}
    ]
    bad = mock_http.post("/__mock__/rules", json={"match": {}})
    assert bad.status_code == 400
    assert "exactly one of" in envelope(bad)["message"]


def test_reset_clears_journal_faults_and_ids(mock_http: TestClient) -> None:
    first = mock_http.get("/v1/models", headers=AUTH).headers["x-request-id"]
    mock_http.post("/__mock__/faults", json={"status": 500, "times": 5})
    assert mock_http.post("/__mock__/reset").json() == {"reset": True}
    assert mock_http.get("/__mock__/faults").json()["data"] == []
    again = mock_http.get("/v1/models", headers=AUTH)
    assert again.status_code == 200
    assert again.headers["x-request-id"] == first  # the seeded sequence starts again
    assert len(mock_http.get("/__mock__/requests").json()["data"]) == 1


WRONG = {"Authorization": "Bearer sk-not-accepted"}


def test_keys_can_be_restricted_at_run_time_and_restored(mock_http: TestClient) -> None:
    assert mock_http.get("/__mock__/keys").json() == {
        "object": "mock.api_keys", "restricted": False, "count": 0,
    }  # fmt: skip
    assert mock_http.get("/v1/models", headers=WRONG).status_code == 200  # any key, at first
    restricted = mock_http.post("/__mock__/keys", json={"api_keys": ["sk-only", "sk-only"]})
    assert restricted.json() == {"object": "mock.api_keys", "restricted": True, "count": 1}
    assert "sk-only" not in restricted.text  # keys are never echoed back
    refused = mock_http.get("/v1/models", headers=WRONG)
    assert refused.status_code == 401
    assert envelope(refused)["code"] == "invalid_api_key"
    accepted = mock_http.get("/v1/models", headers={"Authorization": "Bearer sk-only"})
    assert accepted.status_code == 200
    assert mock_http.get("/__mock__/rules").status_code == 200  # the control API needs no key
    assert mock_http.delete("/__mock__/keys").json()["restricted"] is False
    assert mock_http.get("/v1/models", headers=WRONG).status_code == 200


def test_a_reset_drops_run_time_keys(mock_http: TestClient) -> None:
    mock_http.post("/__mock__/keys", json={"api_keys": ["sk-only"]})
    mock_http.post("/__mock__/reset")
    assert mock_http.get("/__mock__/keys").json()["restricted"] is False
    assert mock_http.get("/v1/models", headers=WRONG).status_code == 200


def test_restoring_keys_goes_back_to_the_started_ones() -> None:
    from mockserver import create_app
    from mockserver.settings import Settings

    with TestClient(create_app(Settings(api_keys=("sk-started",)))) as client:
        started = {"Authorization": "Bearer sk-started"}
        assert client.get("/__mock__/keys").json()["count"] == 1
        client.post("/__mock__/keys", json={"api_keys": ["sk-other"]})
        assert client.get("/v1/models", headers=started).status_code == 401
        client.delete("/__mock__/keys")
        assert client.get("/v1/models", headers=started).status_code == 200
        other = {"Authorization": "Bearer sk-other"}
        assert client.get("/v1/models", headers=other).status_code == 401
        client.post("/__mock__/keys", json={"api_keys": ["sk-other"]})
        client.post("/__mock__/reset")
        assert client.get("/v1/models", headers=started).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"api_keys": []}, {"api_keys": "sk-a"}, {"api_keys": [""]}, {"api_keys": [5]},
     {"api_keys": [" sk-a"]}],
    ids=["missing", "empty", "a-string", "empty-key", "not-a-string", "spaces"],
)  # fmt: skip
def test_bad_key_lists_are_refused(mock_http: TestClient, body: dict[str, object]) -> None:
    response = mock_http.post("/__mock__/keys", json=body)
    assert response.status_code == 400
    error = envelope(response)
    assert (error["param"], error["type"]) == ("api_keys", "invalid_request_error")
    assert mock_http.get("/__mock__/keys").json()["restricted"] is False


def test_the_clock_moves_and_comes_back(mock_http: Any) -> None:
    start = mock_http.get("/__mock__/clock").json()
    assert start == {
        "object": "mock.clock",
        "now": 1_700_000_000,
        "offset": 0.0,
        "lifecycle": "poll",
    }
    moved = mock_http.post("/__mock__/clock", json={"advance": 90}).json()
    assert (moved["now"], moved["offset"]) == (1_700_000_090, 90.0)
    made = mock_http.post(
        "/v1/files", files={"file": ("a.txt", b"x")}, data={"purpose": "user_data"}
    )
    assert made.json()["created_at"] == 1_700_000_090  # created fields follow the clock
    assert (
        mock_http.post("/__mock__/clock", json={"to": 1_800_000_000}).json()["now"] == 1_800_000_000
    )
    for bad in ({"advance": -1}, {"advance": "1"}, {}, {"advance": 1, "to": 2}):
        assert mock_http.post("/__mock__/clock", json=bad).status_code == 400
    assert mock_http.delete("/__mock__/clock").json()["now"] == 1_700_000_000
    mock_http.post("/__mock__/clock", json={"advance": 5})
    mock_http.post("/__mock__/reset")
    assert mock_http.get("/__mock__/clock").json()["offset"] == 0.0
