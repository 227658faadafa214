"""The containers a Responses code interpreter runs in are /v1/containers' own: ``auto`` makes
one (listed, with its files copied in), an id must name a running one (the real 4xx
otherwise) and a run makes it active again."""

from __future__ import annotations

from typing import Any

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.containers.helpers import check_container, new_container
from tests.resources.responses.helpers import create
from tests.resources.vector_stores.helpers import upload

SUM = "What is 123 * 456? Calculate it with code."


def test_an_auto_container_is_made_with_its_files(openai_client: Any, mock_http: Any) -> None:
    file_id = upload(mock_http, "numbers.csv", b"n\n1\n2\n")
    auto = {"type": "auto", "file_ids": [file_id], "memory_limit": "4g"}
    response = openai_client.responses.create(
        model="gpt-4o", input=SUM, tools=[{"type": "code_interpreter", "container": auto}]
    )
    call = response.output[0]
    assert call.type == "code_interpreter_call"
    container = openai_client.containers.retrieve(call.container_id)
    check_container(mock_http.get(f"/v1/containers/{container.id}").json())
    assert container.status == "running" and container.memory_limit == "4g"
    assert container.name == f"Container for {response.id}"
    (copied,) = openai_client.containers.files.list(container.id)
    assert copied.path == "/mnt/data/numbers.csv" and copied.bytes == 6
    assert [c.id for c in openai_client.containers.list()] == [container.id]


def test_no_container_is_made_when_the_code_interpreter_does_not_run(mock_http: Any) -> None:
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    create(mock_http, model="gpt-4o", input="Hello there!", tools=[tool])
    assert mock_http.get("/v1/containers").json()["data"] == []


def test_a_named_container_is_used_and_made_active_again(mock_http: Any) -> None:
    container = new_container(mock_http)
    mock_http.post("/__mock__/clock", json={"advance": 600})
    tool = {"type": "code_interpreter", "container": container["id"]}
    body = create(mock_http, model="gpt-4o", input=SUM, tools=[tool])
    assert body["output"][0]["container_id"] == container["id"]
    again = mock_http.get(f"/v1/containers/{container['id']}").json()
    assert again["last_active_at"] == FROZEN_TIME + 600


def test_an_unknown_or_expired_container_is_refused(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "input": SUM}
    unknown = {"type": "code_interpreter", "container": "cntr_nope"}
    refused = mock_http.post("/v1/responses", json={**body, "tools": [unknown]})
    assert refused.status_code == 404 and "cntr_nope" in envelope(refused)["message"]
    container = new_container(mock_http, expires_after={"anchor": "last_active_at", "minutes": 1})
    mock_http.post("/__mock__/clock", json={"advance": 61})
    expired = {"type": "code_interpreter", "container": container["id"]}
    late = mock_http.post("/v1/responses", json={**body, "tools": [expired]})
    assert late.status_code == 400 and envelope(late)["message"] == "Container is expired."
    missing = {"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file-x"]}}
    no_file = mock_http.post("/v1/responses", json={**body, "tools": [missing]})
    assert no_file.status_code == 404
    assert [c["id"] for c in mock_http.get("/v1/containers").json()["data"]] == [container["id"]]


def test_an_auto_network_policy_is_checked_as_a_containers_is(mock_http: Any) -> None:
    policy = {"type": "allowlist", "allowed_domains": ["example.com"], "extra": 1}
    tool = {"type": "code_interpreter", "container": {"type": "auto", "network_policy": policy}}
    refused = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": SUM, "tools": [tool]}
    )
    assert envelope(refused)["message"] == (
        "Unknown parameter: 'tools[0].container.network_policy.extra'."
    )


def test_an_auto_container_is_reused_by_a_continuation_while_it_runs(mock_http: Any) -> None:
    tool = {"type": "code_interpreter", "container": {"type": "auto"}}
    first = create(mock_http, model="gpt-4o", input=SUM, tools=[tool])
    used = first["output"][0]["container_id"]
    again = create(
        mock_http,
        model="gpt-4o",
        input="And what is 7 * 8? Calculate it with code.",
        tools=[tool],
        previous_response_id=first["id"],
    )
    assert again["output"][0]["container_id"] == used
    # Passed back as input, the call's container is reused too.
    passed = create(
        mock_http, model="gpt-4o", input=[first["output"][0], {"role": "user", "content": SUM}],
        tools=[tool],
    )  # fmt: skip
    assert passed["output"][0]["container_id"] == used
    assert [c["id"] for c in mock_http.get("/v1/containers").json()["data"]] == [used]
    mock_http.post("/__mock__/clock", json={"advance": 20 * 60})
    later = create(
        mock_http, model="gpt-4o", input=SUM, tools=[tool], previous_response_id=again["id"]
    )
    assert later["output"][0]["container_id"] != used  # the old one has expired
