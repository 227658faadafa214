from __future__ import annotations

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
