"""/v1/assistants: every field as the real API sends it, the SDK's CRUD, lists, the beta header,
the real 4xx answers, --state-dir and --retired-apis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openai
import pytest
from openai.types.beta import Assistant, AssistantDeleted
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import AUTH, envelope
from tests.error_catalogue import cases, check_in_process
from tests.resources.threads.helpers import WEATHER
from tests.schema_check import validate_openapi, validate_sdk

# The SDK marks the whole Assistants API deprecated (it is: retired 2026-08-26).
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")
V2 = {"OpenAI-Beta": "assistants=v2"}
SEED_BODY = {
    "name": "Your Assistant Name",
    "description": "A brief description of what this assistant is for",
    "model": "gpt-3.5-turbo",
}


def check_assistant(data: dict[str, Any]) -> None:
    validate_sdk(Assistant, data)
    validate_openapi("AssistantObject", data)


def create(http: Any, **body: Any) -> Any:
    return http.post("/v1/assistants", headers=V2, json={"model": "gpt-4o-mini", **body})


@pytest.mark.parametrize("case", cases("/v1/assistants"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)


def test_the_seed_body_gives_every_field_the_notes_show(mock_http: Any) -> None:
    response = mock_http.post("/v1/assistants", headers=V2, json=SEED_BODY)
    assert response.status_code == 200, response.text
    data = response.json()
    check_assistant(data)
    assert list(data) == [
        "id", "object", "created_at", "name", "description", "model", "instructions", "tools",
        "top_p", "temperature", "tool_resources", "metadata", "response_format",
    ]  # fmt: skip
    assert data["id"].startswith("asst_") and len(data["id"]) == len("asst_") + 24
    assert {k: v for k, v in data.items() if k != "id"} == {
        "object": "assistant", "created_at": FROZEN_TIME, **SEED_BODY, "instructions": None,
        "tools": [], "top_p": 1.0, "temperature": 1.0, "tool_resources": {}, "metadata": {},
        "response_format": "auto",
    }  # fmt: skip
    # The notes print 1.0, not 1: decimals on the wire.
    assert b'"top_p": 1.0' in response.content and b'"temperature": 1.0' in response.content


def test_crud_through_the_sdk(openai_client: Any) -> None:
    made = openai_client.beta.assistants.create(
        model="gpt-4o",
        name="Weather bot",
        instructions="You tell the weather.",
        tools=[WEATHER, {"type": "code_interpreter"}, {"type": "file_search"}],
        tool_resources={
            "code_interpreter": {"file_ids": ["file-abc"]},
            "file_search": {"vector_store_ids": ["vs_abc"]},
        },
        metadata={"team": "core"},
        temperature=0.5,
        top_p=0.9,
        response_format={"type": "json_object"},
    )
    assert made.tools[0].function.name == "get_current_weather"
    assert made.tools[0].function.strict is False  # filled in, as the real API does
    assert made.tools[2].file_search.ranking_options.ranker == "default_2024_08_21"
    assert made.tool_resources.file_search.vector_store_ids == ["vs_abc"]
    assert (made.temperature, made.top_p, made.metadata) == (0.5, 0.9, {"team": "core"})
    assert openai_client.beta.assistants.retrieve(made.id) == made
    changed = openai_client.beta.assistants.update(
        made.id, name="Renamed", model="gpt-4.1", instructions=None, metadata={"team": "ops"}
    )
    assert (changed.name, changed.model, changed.instructions) == ("Renamed", "gpt-4.1", None)
    assert changed.tools == made.tools and changed.metadata == {"team": "ops"}
    assert openai_client.beta.assistants.retrieve(made.id) == changed
    deleted = openai_client.beta.assistants.delete(made.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (made.id, True, "assistant.deleted")
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.beta.assistants.retrieve(made.id)
    assert missing.value.body["message"] == f"No assistant found with id '{made.id}'."  # type: ignore[index]


def test_shapes_validate(mock_http: Any) -> None:
    made = create(mock_http, tools=[WEATHER], response_format={"type": "text"}).json()
    check_assistant(made)
    listed = mock_http.get("/v1/assistants", headers=V2).json()
    validate_openapi("ListAssistantsResponse", listed)
    deleted = mock_http.delete(f"/v1/assistants/{made['id']}", headers=V2).json()
    validate_sdk(AssistantDeleted, deleted)
    validate_openapi("DeleteAssistantResponse", deleted)


def test_file_search_options_sent_as_null_get_their_defaults(mock_http: Any) -> None:
    options = {"max_num_results": None, "ranking_options": {"ranker": None, "score_threshold": 0.5}}
    made = create(mock_http, tools=[{"type": "file_search", "file_search": options}]).json()
    ranking = {"ranker": "default_2024_08_21", "score_threshold": 0.5}
    assert made["tools"] == [{"type": "file_search", "file_search": {"ranking_options": ranking}}]
    check_assistant(made)


def test_a_function_s_fields_sent_as_null_are_not_echoed(mock_http: Any) -> None:
    function = {"name": "f", "description": None, "parameters": None, "strict": None}
    made = create(mock_http, tools=[{"type": "function", "function": function}]).json()
    assert made["tools"] == [{"type": "function", "function": {"name": "f", "strict": False}}]
    check_assistant(made)


def test_a_vector_store_helper_is_checked_and_taken(mock_http: Any) -> None:
    store = {"file_ids": ["file-1"], "chunking_strategy": {"type": "auto"}, "metadata": {"k": "v"}}
    made = create(mock_http, tool_resources={"file_search": {"vector_stores": [store]}})
    assert made.status_code == 200, made.text
    check_assistant(made.json())


def test_list_pages_newest_first(openai_client: Any) -> None:
    ids = [openai_client.beta.assistants.create(model="gpt-4o-mini").id for _ in range(5)]
    page = openai_client.beta.assistants.list(limit=2)
    assert [a.id for a in page.data] == ids[::-1][:2] and page.has_more
    assert [a.id for a in openai_client.beta.assistants.list(limit=2)] == ids[::-1]
    oldest = openai_client.beta.assistants.list(order="asc", after=ids[2])
    assert [a.id for a in oldest.data] == ids[3:]
    before = openai_client.beta.assistants.list(order="asc", before=ids[2])
    assert [a.id for a in before.data] == ids[:2]


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"model": None}, "model", "missing_required_parameter"),
        ({"temperature": 2.5}, "temperature", "decimal_above_max_value"),
        ({"top_p": "high"}, "top_p", "invalid_type"),
        ({"name": "n" * 257}, "name", "string_above_max_length"),
        ({"description": "d" * 513}, "description", "string_above_max_length"),
        ({"tools": [{"type": "retrieval"}]}, "tools[0].type", "invalid_value"),
        ({"tools": [{"type": "function"}]}, "tools[0].function", "missing_required_parameter"),
        ({"tools": [{"type": "function", "function": {"name": "a b"}}]}, None, None),
        ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata", None),
        ({"response_format": "json"}, "response_format", "invalid_value"),
        ({"response_format": {"type": "yaml"}}, "response_format.type", "invalid_value"),
        ({"tool_resources": {"file_search": {"vector_store_ids": ["a", "b"]}}}, None, None),
        ({"tool_resources": {"code_interpreter": {"file_ids": "file-1"}}}, None, "invalid_type"),
        ({"reasoning_effort": "low"}, "reasoning_effort", "unsupported_parameter"),
        ({"file_ids": []}, None, None),
        # Found by make fuzz: nested shapes the spec refuses were taken.
        ({"tools": [{"type": "file_search", "file_search": False}]}, "tools[0].file_search", None),
        *[
            ({"tool_resources": {"file_search": search}}, f"tool_resources.file_search{at}", code)
            for search, at, code in [
                ({}, ".vector_store_ids", "missing_required_parameter"),
                ({"vector_stores": {}}, ".vector_stores", "invalid_type"),
                ({"vector_stores": [{}, {}]}, ".vector_stores", "array_above_max_length"),
                ({"vector_stores": [[None]]}, ".vector_stores[0]", "invalid_type"),
                ({"vector_stores": [{"file_ids": [{}]}]}, ".vector_stores[0].file_ids[0]", None),
                (
                    {"vector_stores": [{"chunking_strategy": {"type": "static"}}]},
                    ".vector_stores[0].chunking_strategy.static",
                    "missing_required_parameter",
                ),
                ({"vector_stores": [{"metadata": {"k": 1}}]}, ".vector_stores[0].metadata.k", None),
            ]
        ],
    ],
)
def test_bad_bodies_get_the_real_400(
    mock_http: Any, body: dict[str, Any], param: str | None, code: str | None
) -> None:
    before = len(mock_http.get("/v1/assistants", headers=V2).json()["data"])
    response = create(mock_http, **body)
    assert response.status_code == 400, response.text
    error = envelope(response)
    if param is not None:
        assert error["param"] == param, error
    if code is not None:
        assert error["code"] == code, error
    # Nothing is kept of a refused request.
    assert len(mock_http.get("/v1/assistants", headers=V2).json()["data"]) == before


def test_unknown_argument_and_bad_modify(mock_http: Any) -> None:
    error = envelope(create(mock_http, file_ids=["file-1"]))
    assert error["message"] == "Unrecognized request argument supplied: file_ids"
    made = create(mock_http).json()
    response = mock_http.post(
        f"/v1/assistants/{made['id']}", headers=V2, json={"model": "gpt-nonexistent"}
    )
    assert response.status_code == 400 and envelope(response)["code"] == "model_not_found"
    assert mock_http.get(f"/v1/assistants/{made['id']}", headers=V2).json() == made
    for method in ("GET", "POST", "DELETE"):
        gone = mock_http.request(method, "/v1/assistants/asst_nope", headers=V2, json={})
        assert gone.status_code == 404, (method, gone.text)
        assert envelope(gone)["message"] == "No assistant found with id 'asst_nope'."


@pytest.mark.parametrize(
    ("header", "code_message"),
    [
        (None, "You must provide the 'OpenAI-Beta' header"),
        ("assistants=v1", "The v1 Assistants API has been deprecated."),
        ("realtime=v1", "You must provide the 'OpenAI-Beta' header"),
    ],
)
def test_every_route_needs_the_v2_header(
    mock_http: Any, header: str | None, code_message: str
) -> None:
    made = create(mock_http).json()
    headers = {} if header is None else {"OpenAI-Beta": header}
    for method, path in [
        ("POST", "/v1/assistants"),
        ("GET", "/v1/assistants"),
        ("GET", f"/v1/assistants/{made['id']}"),
        ("POST", f"/v1/assistants/{made['id']}"),
        ("DELETE", f"/v1/assistants/{made['id']}"),
    ]:
        response = mock_http.request(method, path, headers=headers, json={"model": "gpt-4o"})
        assert response.status_code == 400, (method, path, response.text)
        error = envelope(response)
        assert error["code"] == "invalid_beta" and error["message"].startswith(code_message)
    assert mock_http.get(f"/v1/assistants/{made['id']}", headers=V2).json() == made


def test_several_betas_in_one_header(mock_http: Any) -> None:
    betas = {"OpenAI-Beta": "realtime=v1, assistants=v2"}
    response = mock_http.get("/v1/assistants", headers=betas)
    assert response.status_code == 200, response.text


def test_assistants_outlive_the_app_with_a_state_dir(tmp_path: Path) -> None:
    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))
    with TestClient(create_app(settings), headers=AUTH) as http:
        made = create(http, name="kept", metadata={"k": "v"}).json()
        gone = create(http).json()
        http.delete(f"/v1/assistants/{gone['id']}", headers=V2)
    with TestClient(create_app(settings), headers=AUTH) as http:
        assert http.get(f"/v1/assistants/{made['id']}", headers=V2).json() == made
        assert [a["id"] for a in http.get("/v1/assistants", headers=V2).json()["data"]] == [
            made["id"]
        ]


def test_retired_apis_answer_as_the_real_api_does_now() -> None:
    settings = Settings(seed=0, clock=FixedClock(FROZEN_TIME), retired_apis=True)
    with TestClient(create_app(settings), headers=AUTH) as http:
        for method, path in [("POST", "/v1/assistants"), ("GET", "/v1/assistants/asst_x")]:
            response = http.request(method, path, headers=V2, json=SEED_BODY)
            assert response.status_code == 404
            assert envelope(response)["message"] == f"Invalid URL ({method} {path})"
        # Everything else is served as before.
        assert http.get("/v1/models").status_code == 200
