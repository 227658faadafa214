"""POST/GET /v1/batches, retrieve, cancel: the lifecycle, the files a batch writes, the real
errors, and lines answered exactly as the endpoint answers them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conformance.schemas import without_nulls
from mockserver import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY
from tests.conftest import envelope
from tests.resources.files.helpers import check_file
from tests.schema_check import validate_openapi, validate_sdk

from .helpers import (
    CHAT,
    chat_line,
    check_batch,
    file_lines,
    jsonl,
    poll,
    upload_batch_file,
)


def create(http: Any, file_id: str, endpoint: str = CHAT, **fields: Any) -> Any:
    body = {"input_file_id": file_id, "endpoint": endpoint, "completion_window": "24h", **fields}
    return http.post("/v1/batches", json=body)


def upload(http: Any, lines: list[Any], purpose: str = "batch") -> str:
    response = http.post(
        "/v1/files", files={"file": ("in.jsonl", jsonl(lines))}, data={"purpose": purpose}
    )
    assert response.status_code == 200, response.text
    file_id: str = response.json()["id"]
    return file_id


def settings(**changes: Any) -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), **changes)


def client_for(app: Any) -> TestClient:
    return TestClient(app, base_url="http://mock", headers={"Authorization": f"Bearer {TEST_KEY}"})


# --- the lifecycle ---------------------------------------------------------------------------


def test_one_step_per_retrieve_through_the_sdk(openai_client: Any) -> None:
    made = upload_batch_file(openai_client, [chat_line("a", "hi"), chat_line("b", "there")])
    batch = openai_client.batches.create(
        input_file_id=made.id, endpoint=CHAT, completion_window="24h", metadata={"job": "nightly"}
    )
    assert batch.status == "validating" and batch.id.startswith("batch_")
    assert (batch.created_at, batch.expires_at) == (FROZEN_TIME, FROZEN_TIME + 86_400)
    assert batch.metadata == {"job": "nightly"} and batch.model == "gpt-4o-mini"
    assert batch.request_counts is not None and batch.request_counts.total == 0
    seen = poll(openai_client, batch.id)
    assert [b.status for b in seen] == ["in_progress", "finalizing", "completed"]
    done = seen[-1]
    assert done.in_progress_at == done.finalizing_at == done.completed_at == FROZEN_TIME
    assert done.request_counts is not None
    assert (done.request_counts.total, done.request_counts.completed) == (2, 2)
    assert done.error_file_id is None and done.output_file_id is not None
    assert done.usage is not None and done.usage.input_tokens > 0 and done.usage.output_tokens > 0
    assert done.usage.total_tokens == done.usage.input_tokens + done.usage.output_tokens
    output = file_lines(openai_client, done.output_file_id)
    assert [line["custom_id"] for line in output] == ["a", "b"]
    assert all(line["error"] is None and line["response"]["status_code"] == 200 for line in output)
    assert all(line["id"].startswith("batch_req_") for line in output)
    assert sum(line["response"]["body"]["usage"]["prompt_tokens"] for line in output) == (
        done.usage.input_tokens
    )
    assert openai_client.batches.retrieve(batch.id).status == "completed"  # final stays final


def test_every_answer_validates_against_the_sdk_and_the_spec(mock_http: Any) -> None:
    file_id = upload(mock_http, [chat_line("a", "hi")])
    made = create(mock_http, file_id, metadata={"k": "v"})
    assert made.status_code == 200, made.text
    answers = [made.json()]
    answers += [mock_http.get(f"/v1/batches/{made.json()['id']}").json() for _ in range(3)]
    for data in answers:
        check_batch(data)
    statuses = [a["status"] for a in answers]
    assert statuses == ["validating", "in_progress", "finalizing", "completed"]
    failed = create(mock_http, upload(mock_http, [chat_line("x", "y", model="gpt-nonexistent")]))
    failed_now = mock_http.get(f"/v1/batches/{failed.json()['id']}").json()
    check_batch(failed_now)
    listed = mock_http.get("/v1/batches").json()
    from openai.types import Batch

    for item in listed["data"]:
        validate_sdk(Batch, item)
    validate_openapi("ListBatchesResponse", without_nulls(listed))
    output = answers[-1]["output_file_id"]
    check_file(mock_http.get(f"/v1/files/{output}").json())


def test_a_hundred_chat_requests_equal_their_direct_answers(openai_client: Any) -> None:
    """The output file's bodies are what /v1/chat/completions answers for the same requests:
    a second mock with the same seed, asked directly, gives the same bytes to the id."""
    lines = [chat_line(f"req-{i}", f"Question number {i}: what is {i} + {i}?") for i in range(100)]
    lines[7]["body"]["temperature"] = 3  # a line the endpoint refuses: in the error file
    made = upload_batch_file(openai_client, lines)
    batch = openai_client.batches.create(
        input_file_id=made.id, endpoint=CHAT, completion_window="24h"
    )
    done = poll(openai_client, batch.id)[-1]
    assert done.status == "completed" and done.request_counts is not None
    assert (done.request_counts.completed, done.request_counts.failed) == (99, 1)
    assert done.output_file_id is not None and done.error_file_id is not None
    answered = file_lines(openai_client, done.output_file_id)
    answered += file_lines(openai_client, done.error_file_id)
    by_id = {line["custom_id"]: line["response"] for line in answered}
    with client_for(create_app(settings())) as direct:
        for line in lines:
            response = direct.post(CHAT, json=line["body"])
            got = by_id[line["custom_id"]]
            assert got["status_code"] == response.status_code
            assert got["body"] == response.json(), line["custom_id"]
            assert got["request_id"].startswith("req_")
    errors = file_lines(openai_client, done.error_file_id)
    assert [e["custom_id"] for e in errors] == ["req-7"]
    assert errors[0]["response"]["body"]["error"]["param"] == "temperature"


def test_the_same_batch_gives_the_same_bytes() -> None:
    outputs = []
    for _ in range(2):
        with client_for(create_app(settings())) as http:
            batch = create(http, upload(http, [chat_line("a", "hi"), chat_line("b", "yo")])).json()
            for _ in range(3):
                done = http.get(f"/v1/batches/{batch['id']}").json()
            outputs.append(http.get(f"/v1/files/{done['output_file_id']}/content").content)
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 2


@pytest.mark.parametrize(
    ("endpoint", "body", "tokens"),
    [
        ("/v1/embeddings", {"model": "text-embedding-3-small", "input": "hello there"}, True),
        ("/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "Say", "max_tokens": 3},
         True),
        ("/v1/moderations", {"input": "a kind word"}, False),
    ],
)  # fmt: skip
def test_other_endpoints(mock_http: Any, endpoint: str, body: dict[str, Any], tokens: bool) -> None:
    line = {"custom_id": "one", "method": "POST", "url": endpoint, "body": body}
    batch = create(mock_http, upload(mock_http, [line]), endpoint).json()
    for _ in range(3):
        done = mock_http.get(f"/v1/batches/{batch['id']}").json()
    check_batch(done)
    assert done["status"] == "completed" and done["request_counts"]["completed"] == 1
    content = mock_http.get(f"/v1/files/{done['output_file_id']}/content").content
    (output,) = [json.loads(x) for x in content.splitlines()]
    assert output["response"]["body"] == mock_http.post(endpoint, json=body).json() | {
        k: v for k, v in output["response"]["body"].items() if k == "id"
    }
    assert (done["usage"]["input_tokens"] > 0) is tokens


def test_instant_lifecycle_completes_at_once() -> None:
    with client_for(create_app(settings(lifecycle="instant"))) as http:
        made = create(http, upload(http, [chat_line("a", "hi")])).json()
        assert made["status"] == "completed" and made["output_file_id"]
        assert http.get(f"/v1/files/{made['output_file_id']}").status_code == 200


def test_realtime_lifecycle_moves_with_the_mock_clock() -> None:
    with client_for(create_app(settings(lifecycle="realtime"))) as http:
        made = create(http, upload(http, [chat_line("a", "hi")])).json()
        assert http.get(f"/v1/batches/{made['id']}").json()["status"] == "validating"
        http.post("/__mock__/clock", json={"advance": 400})
        later = http.get(f"/v1/batches/{made['id']}").json()
        assert later["status"] == "completed"
        assert FROZEN_TIME < later["in_progress_at"] < later["finalizing_at"]
        assert later["finalizing_at"] < later["completed_at"] <= FROZEN_TIME + 400


def test_output_expires_after_sets_the_output_file_expiry(mock_http: Any) -> None:
    policy = {"anchor": "created_at", "seconds": 7200}
    made = create(mock_http, upload(mock_http, [chat_line("a", "hi")]), output_expires_after=policy)
    for _ in range(3):
        done = mock_http.get(f"/v1/batches/{made.json()['id']}").json()
    output = mock_http.get(f"/v1/files/{done['output_file_id']}").json()
    assert output["expires_at"] == output["created_at"] + 7200
    assert output["purpose"] == "batch_output"
    assert output["filename"] == f"{done['id']}_output.jsonl"


# --- cancel ----------------------------------------------------------------------------------


def test_cancel_then_cancelled(mock_http: Any) -> None:
    made = create(mock_http, upload(mock_http, [chat_line("a", "hi")])).json()
    assert mock_http.get(f"/v1/batches/{made['id']}").json()["status"] == "in_progress"
    cancelling = mock_http.post(f"/v1/batches/{made['id']}/cancel").json()
    check_batch(cancelling)
    assert cancelling["status"] == "cancelling" and cancelling["cancelling_at"] == FROZEN_TIME
    again = mock_http.post(f"/v1/batches/{made['id']}/cancel")
    assert again.status_code == 200 and again.json()["status"] == "cancelling"
    cancelled = mock_http.get(f"/v1/batches/{made['id']}").json()
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"] == FROZEN_TIME
    assert cancelled["output_file_id"] is None and cancelled["in_progress_at"] == FROZEN_TIME
    for _ in range(3):  # cancelled stays cancelled, and a cancelled batch may be cancelled again
        assert mock_http.get(f"/v1/batches/{made['id']}").json()["status"] == "cancelled"
    assert mock_http.post(f"/v1/batches/{made['id']}/cancel").json()["status"] == "cancelled"
    listed = mock_http.get("/v1/files", params={"purpose": "batch_output"}).json()
    assert listed["data"] == []  # a cancelled batch wrote no files


@pytest.mark.parametrize("lines", [[chat_line("a", "hi")], [{"custom_id": "no method"}]])
def test_cancelling_a_finished_batch_is_the_real_409(mock_http: Any, lines: list[Any]) -> None:
    made = create(mock_http, upload(mock_http, lines)).json()
    status = ""
    for _ in range(3):
        status = mock_http.get(f"/v1/batches/{made['id']}").json()["status"]
    response = mock_http.post(f"/v1/batches/{made['id']}/cancel")
    assert response.status_code == 409
    assert envelope(response)["message"] == f"Cannot cancel a batch with status '{status}'."


# --- list ------------------------------------------------------------------------------------


def test_list_pages_newest_first(mock_http: Any) -> None:
    file_id = upload(mock_http, [chat_line("a", "hi")])
    ids = [create(mock_http, file_id).json()["id"] for _ in range(3)]
    page = mock_http.get("/v1/batches", params={"limit": 2}).json()
    assert [b["id"] for b in page["data"]] == ids[::-1][:2] and page["has_more"] is True
    rest = mock_http.get("/v1/batches", params={"limit": 2, "after": page["last_id"]}).json()
    assert [b["id"] for b in rest["data"]] == [ids[0]] and rest["has_more"] is False
    assert all(b["status"] == "validating" for b in page["data"])  # a list is not a retrieve
    bad = mock_http.get("/v1/batches", params={"limit": 101})
    assert bad.status_code == 400 and envelope(bad)["param"] == "limit"


def test_empty_list(mock_http: Any) -> None:
    assert mock_http.get("/v1/batches").json() == {
        "object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False
    }  # fmt: skip


# --- validation: the batch fails with every line's problem ---------------------------------


def failed_errors(http: Any, file_id: str, endpoint: str = CHAT) -> list[dict[str, Any]]:
    made = create(http, file_id, endpoint)
    assert made.status_code == 200, made.text
    failed = http.get(f"/v1/batches/{made.json()['id']}").json()
    assert failed["status"] == "failed" and failed["failed_at"] == FROZEN_TIME, failed
    assert failed["in_progress_at"] is None and failed["output_file_id"] is None
    assert failed["errors"]["object"] == "list"
    errors: list[dict[str, Any]] = failed["errors"]["data"]
    return errors


def test_line_errors_as_the_real_api_reports_them(mock_http: Any) -> None:
    lines = [
        chat_line("ok", "fine"),
        {k: v for k, v in chat_line("x", "y").items() if k != "custom_id"},
        chat_line("ok", "again"),
        {**chat_line("elsewhere", "x"), "url": "/v1/nowhere"},
        {**chat_line("get", "x"), "method": "GET"},
        chat_line("other", "x", model="gpt-4o"),
        chat_line("stream", "x", stream=True),
        chat_line("ghost", "x", model="gpt-nonexistent"),
    ]
    errors = failed_errors(mock_http, upload(mock_http, lines))
    assert [(e["line"], e["code"], e["param"]) for e in errors] == [
        (2, "missing_required_parameter", "custom_id"),
        (3, "duplicate_custom_id", "custom_id"),
        (4, "invalid_url", "url"),
        (5, "invalid_method", "method"),
        (6, "mismatched_model", "body.model"),
        (7, "streaming_unsupported", "body.stream"),
        (8, "model_not_found", "body.model"),
    ]
    messages = {e["code"]: e["message"] for e in errors}
    assert messages["missing_required_parameter"] == "Missing required parameter: 'custom_id'."
    assert messages["invalid_url"] == (
        "The URL provided for this request does not match the batch endpoint."
    )
    assert messages["streaming_unsupported"] == (
        "Chat Completions: Streaming is not supported in the Batch API."
    )
    assert messages["model_not_found"] == (
        "The provided model 'gpt-nonexistent' is not supported by the Batch API."
    )
    assert mock_http.get("/v1/files", params={"purpose": "batch_output"}).json()["data"] == []


def test_missing_line_keys_and_body_fields(mock_http: Any) -> None:
    line = chat_line("a", "x")
    lines = [
        {k: v for k, v in line.items() if k != "method"},
        {k: v for k, v in line.items() if k != "url"},
        {k: v for k, v in line.items() if k != "body"},
        {**line, "custom_id": "m", "body": {"messages": line["body"]["messages"]}},
        {**line, "custom_id": "n", "body": {"model": "gpt-4o-mini"}},
    ]
    errors = failed_errors(mock_http, upload(mock_http, lines))
    assert [(e["line"], e["param"], e["message"]) for e in errors] == [
        (1, "method", "Missing required parameter: 'method'."),
        (2, "url", "Missing required parameter: 'url'."),
        (3, "body", "Missing required parameter: 'body'."),
        (4, "body.model", "Model parameter is required."),
        (5, "body.messages", "Messages parameter is required."),
    ]


def test_unknown_or_wrong_file_fails_the_batch(mock_http: Any) -> None:
    (error,) = failed_errors(mock_http, "file-doesnotexist")
    assert error == {
        "code": "invalid_request",
        "line": None,
        "message": "Cannot find file file-doesnotexist, or organization org-mockserver does not "
        "have access to it.",
        "param": "file_id",
    }
    other = mock_http.post(
        "/v1/files", files={"file": ("a.jsonl", jsonl([chat_line("a", "b")]))},
        data={"purpose": "fine-tune"},
    ).json()  # fmt: skip
    (wrong,) = failed_errors(mock_http, other["id"])
    assert wrong["code"] == "invalid_request" and wrong["param"] == "file_id"
    assert "purpose 'fine-tune'" in wrong["message"]


# --- the request's own 400s and 404s -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "param", "message"),
    [
        ({"completion_window": "1h"}, "completion_window",
         "Invalid value: '1h'. Supported values are: '24h'."),
        ({"endpoint": "/v1/audio/speech"}, "endpoint",
         "Invalid value: '/v1/audio/speech'. Supported values are: '/v1/responses', "
         "'/v1/chat/completions', '/v1/embeddings', '/v1/completions', and '/v1/moderations'."),
        ({"input_file_id": None}, "input_file_id", "Missing required parameter: 'input_file_id'."),
        ({"metadata": {"tags": ["a"]}}, "metadata.tags",
         "Invalid type for 'metadata.tags': expected a string, but got an array instead."),
        ({"output_expires_after": {"anchor": "created_at", "seconds": 60}},
         "output_expires_after.seconds",
         "Invalid 'output_expires_after.seconds': integer below minimum value. Expected a value "
         ">= 3600, but got 60 instead."),
        # Found by make fuzz: {} was read as no policy.
        ({"output_expires_after": {}}, "output_expires_after.anchor",
         "Missing required parameter: 'output_expires_after.anchor'."),
        ({"output_expires_after": {"anchor": "created_at", "seconds": "3600"}},
         "output_expires_after.seconds",
         "Invalid type for 'output_expires_after.seconds': expected an integer, but got a "
         "string instead."),
    ],
)  # fmt: skip
def test_bad_requests(mock_http: Any, fields: dict[str, Any], param: str, message: str) -> None:
    body = {"input_file_id": "file-x", "endpoint": CHAT, "completion_window": "24h", **fields}
    response = mock_http.post("/v1/batches", json={k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400, response.text
    error = envelope(response)
    assert (error["param"], error["message"]) == (param, message)
    assert mock_http.get("/v1/batches").json()["data"] == []  # nothing stored


def test_unknown_batch_is_the_real_404(mock_http: Any) -> None:
    for response in (
        mock_http.get("/v1/batches/batch_nope"),
        mock_http.post("/v1/batches/batch_nope/cancel"),
    ):
        assert response.status_code == 404
        assert envelope(response)["message"] == "No batch found with id 'batch_nope'."


# --- durable state ---------------------------------------------------------------------------


def test_batches_and_their_files_outlive_a_restart(tmp_path: Path) -> None:
    state = settings(state_dir=str(tmp_path))
    with client_for(create_app(state)) as http:
        made = create(http, upload(http, [chat_line("a", "hi")])).json()
        http.get(f"/v1/batches/{made['id']}")
    with client_for(create_app(state)) as http:
        seen = [http.get(f"/v1/batches/{made['id']}").json() for _ in range(2)]
        assert [b["status"] for b in seen] == ["finalizing", "completed"]
        content = http.get(f"/v1/files/{seen[-1]['output_file_id']}/content")
        assert content.status_code == 200 and json.loads(content.content)["custom_id"] == "a"


# --- the lines pass through the whole app ----------------------------------------------------


def test_a_fault_plan_lands_on_a_batch_line(mock_http: Any) -> None:
    plan = {"path": "/v1/chat/completions", "status": 500, "times": 1}
    assert mock_http.post("/__mock__/faults", json=plan).status_code == 200
    made = create(mock_http, upload(mock_http, [chat_line("a", "hi"), chat_line("b", "yo")]))
    for _ in range(3):
        done = mock_http.get(f"/v1/batches/{made.json()['id']}").json()
    assert done["request_counts"] == {"total": 2, "completed": 1, "failed": 1}
    (failed,) = [
        json.loads(line)
        for line in mock_http.get(f"/v1/files/{done['error_file_id']}/content").content.splitlines()
    ]
    assert failed["custom_id"] == "a" and failed["response"]["status_code"] == 500
    assert failed["response"]["body"]["error"]["type"] == "server_error"
    journal = mock_http.get("/__mock__/requests").json()["data"]
    lines = [entry for entry in journal if entry["path"] == "/v1/chat/completions"]
    assert len(lines) == 2


def test_an_endpoint_is_offered_once_the_app_serves_it() -> None:
    from starlette.routing import Route, WebSocketRoute

    from mockserver.resources.batches.handlers import served

    def answer(request: Any) -> None:
        return None

    routes = [
        Route("/v1/responses", answer, methods=["POST"]),
        Route("/v1/embeddings", answer, methods=["GET"]),  # no POST: not served for a batch
        WebSocketRoute("/{path:path}", answer),  # the catch-all matches no POST
    ]
    assert served(routes) == ("/v1/responses",)
