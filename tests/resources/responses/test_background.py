"""``background: true``: queued at once, then in progress, then done (one step per retrieve,
or with the clock), cancellable before it is done."""

from __future__ import annotations

from typing import Any

from tests.conftest import envelope
from tests.resources.responses.helpers import check_response, create


def test_a_background_response_is_queued_then_polled_to_completion(openai_client: Any) -> None:
    made = openai_client.responses.create(model="gpt-4o", input="Hi", background=True)
    assert made.status == "queued" and made.background is True
    assert made.output == [] and made.usage is None and made.completed_at is None
    statuses = [made.status]
    while statuses[-1] in ("queued", "in_progress"):
        statuses.append(openai_client.responses.retrieve(made.id).status)
        assert len(statuses) < 10
    assert statuses == ["queued", "in_progress", "completed"]
    done = openai_client.responses.retrieve(made.id)
    assert done.output_text and done.usage is not None and done.completed_at is not None


def test_every_status_is_checked_against_the_schemas(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi", background=True)
    for _ in range(3):
        check_response(mock_http.get(f"/v1/responses/{made['id']}").json())


def test_a_background_response_can_be_cancelled_before_it_is_done(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi", background=True)
    cancelled = mock_http.post(f"/v1/responses/{made['id']}/cancel").json()
    check_response(cancelled)
    assert cancelled["status"] == "cancelled" and cancelled["output"] == []
    assert mock_http.get(f"/v1/responses/{made['id']}").json()["status"] == "cancelled"
    again = mock_http.post(f"/v1/responses/{made['id']}/cancel").json()
    assert again["status"] == "cancelled"


def test_cancelling_a_finished_background_response_leaves_it_done(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi", background=True)
    for _ in range(2):
        mock_http.get(f"/v1/responses/{made['id']}")
    done = mock_http.post(f"/v1/responses/{made['id']}/cancel").json()
    assert done["status"] == "completed" and done["output"]


def test_background_needs_store(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "input": "Hi", "background": True, "store": False}
    response = mock_http.post("/v1/responses", json=body)
    assert response.status_code == 400 and envelope(response)["param"] == "store"


def test_moving_the_clock_finishes_a_background_response(mock_http: Any) -> None:
    made = create(mock_http, model="gpt-4o", input="Hi", background=True)
    assert mock_http.post("/__mock__/clock", json={"advance": 3600}).status_code == 200
    done = mock_http.get(f"/v1/responses/{made['id']}").json()
    assert done["status"] == "completed"
    assert made["created_at"] < done["completed_at"] <= made["created_at"] + 3600
