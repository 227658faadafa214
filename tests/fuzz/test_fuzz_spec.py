"""The fuzzer's spec (``tests.fuzz.spec``) and its oracle: the operations come from the route
table, the quirk rewrites accept what the real API sends and still refuse what it does not,
the hand-written examples are valid and answered, and a broken server is caught. ``make fuzz``
itself runs the fuzzer; these stay fast (the spec is loaded once)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from conformance import schemas
from mockserver.app import create_app
from mockserver.settings import Settings
from tests.conftest import AUTH

from . import spec as fuzz

SERVED = {
    ("GET", "/models"),
    ("GET", "/models/{model}"),
    ("POST", "/chat/completions"),
    ("GET", "/chat/completions"),
    ("GET", "/chat/completions/{completion_id}"),
    ("POST", "/chat/completions/{completion_id}"),
    ("DELETE", "/chat/completions/{completion_id}"),
    ("GET", "/chat/completions/{completion_id}/messages"),
    ("POST", "/completions"),
    ("POST", "/embeddings"),
    ("POST", "/moderations"),
    ("POST", "/files"),
    ("GET", "/files"),
    ("GET", "/files/{file_id}"),
    ("DELETE", "/files/{file_id}"),
    ("GET", "/files/{file_id}/content"),
    ("POST", "/uploads"),
    ("POST", "/uploads/{upload_id}/parts"),
    ("POST", "/uploads/{upload_id}/complete"),
    ("POST", "/uploads/{upload_id}/cancel"),
    ("POST", "/vector_stores"),
    ("GET", "/vector_stores"),
    ("GET", "/vector_stores/{vector_store_id}"),
    ("POST", "/vector_stores/{vector_store_id}"),
    ("DELETE", "/vector_stores/{vector_store_id}"),
    ("POST", "/vector_stores/{vector_store_id}/search"),
    ("POST", "/vector_stores/{vector_store_id}/files"),
    ("GET", "/vector_stores/{vector_store_id}/files"),
    ("GET", "/vector_stores/{vector_store_id}/files/{file_id}"),
    ("POST", "/vector_stores/{vector_store_id}/files/{file_id}"),
    ("DELETE", "/vector_stores/{vector_store_id}/files/{file_id}"),
    ("GET", "/vector_stores/{vector_store_id}/files/{file_id}/content"),
    ("POST", "/vector_stores/{vector_store_id}/file_batches"),
    ("GET", "/vector_stores/{vector_store_id}/file_batches/{batch_id}"),
    ("POST", "/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel"),
    ("GET", "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files"),
    ("POST", "/batches"),
    ("GET", "/batches"),
    ("GET", "/batches/{batch_id}"),
    ("POST", "/batches/{batch_id}/cancel"),
    ("POST", "/assistants"),
    ("GET", "/assistants"),
    ("GET", "/assistants/{assistant_id}"),
    ("POST", "/assistants/{assistant_id}"),
    ("DELETE", "/assistants/{assistant_id}"),
    ("POST", "/threads"),
    ("POST", "/threads/runs"),
    ("GET", "/threads/{thread_id}"),
    ("POST", "/threads/{thread_id}"),
    ("DELETE", "/threads/{thread_id}"),
    ("POST", "/threads/{thread_id}/messages"),
    ("GET", "/threads/{thread_id}/messages"),
    ("GET", "/threads/{thread_id}/messages/{message_id}"),
    ("POST", "/threads/{thread_id}/messages/{message_id}"),
    ("DELETE", "/threads/{thread_id}/messages/{message_id}"),
    ("POST", "/threads/{thread_id}/runs"),
    ("GET", "/threads/{thread_id}/runs"),
    ("GET", "/threads/{thread_id}/runs/{run_id}"),
    ("POST", "/threads/{thread_id}/runs/{run_id}"),
    ("POST", "/threads/{thread_id}/runs/{run_id}/cancel"),
    ("POST", "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs"),
    ("GET", "/threads/{thread_id}/runs/{run_id}/steps"),
    ("GET", "/threads/{thread_id}/runs/{run_id}/steps/{step_id}"),
    ("POST", "/responses"),
    ("POST", "/responses/input_tokens"),
    ("POST", "/responses/compact"),
    ("GET", "/responses/{response_id}"),
    ("DELETE", "/responses/{response_id}"),
    ("POST", "/responses/{response_id}/cancel"),
    ("GET", "/responses/{response_id}/input_items"),
    ("POST", "/conversations"),
    ("GET", "/conversations/{conversation_id}"),
    ("POST", "/conversations/{conversation_id}"),
    ("DELETE", "/conversations/{conversation_id}"),
    ("POST", "/conversations/{conversation_id}/items"),
    ("GET", "/conversations/{conversation_id}/items"),
    ("GET", "/conversations/{conversation_id}/items/{item_id}"),
    ("DELETE", "/conversations/{conversation_id}/items/{item_id}"),
    ("POST", "/containers"),
    ("GET", "/containers"),
    ("GET", "/containers/{container_id}"),
    ("DELETE", "/containers/{container_id}"),
    ("POST", "/containers/{container_id}/files"),
    ("GET", "/containers/{container_id}/files"),
    ("GET", "/containers/{container_id}/files/{file_id}"),
    ("DELETE", "/containers/{container_id}/files/{file_id}"),
    ("GET", "/containers/{container_id}/files/{file_id}/content"),
    ("DELETE", "/models/{model}"),
    ("POST", "/fine_tuning/jobs"),
    ("GET", "/fine_tuning/jobs"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
    ("POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"),
    ("GET", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"),
    (
        "DELETE",
        "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}",
    ),
    ("POST", "/images/generations"),
    ("POST", "/images/edits"),
    ("POST", "/images/variations"),
    ("POST", "/audio/speech"),
    ("POST", "/audio/transcriptions"),
    ("POST", "/audio/translations"),
    ("POST", "/realtime/client_secrets"),
    ("POST", "/realtime/calls"),
    ("POST", "/realtime/calls/{call_id}/accept"),
    ("POST", "/realtime/calls/{call_id}/hangup"),
    ("POST", "/realtime/calls/{call_id}/refer"),
    ("POST", "/realtime/calls/{call_id}/reject"),
}
REQUESTS = {
    "/chat/completions": "CreateChatCompletionRequest",
    "/completions": "CreateCompletionRequest",
    "/embeddings": "CreateEmbeddingRequest",
    "/moderations": "CreateModerationRequest",
}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    path = schemas.spec_path()
    if path is None:
        pytest.skip("no OpenAPI spec (set OPENAI_OPENAPI_SPEC)")
    return schemas.read_yaml(path)


@pytest.fixture(scope="module")
def spec(raw: dict[str, Any]) -> dict[str, Any]:
    return fuzz.fuzz_spec(raw, fuzz.served_operations())


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def validator(spec: dict[str, Any], component: str) -> Draft202012Validator:
    return Draft202012Validator({**spec, "$ref": f"#/components/schemas/{component}"})


def errors(spec: dict[str, Any], component: str, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(spec, component).iter_errors(data)]


def test_the_operations_are_the_route_tables() -> None:
    assert fuzz.served_operations() == SERVED


def test_served_operations_read_converters_and_skip_the_rest() -> None:
    routes = [
        Route("/v1/files/{file_id:path}", lambda r: None, methods=["GET", "DELETE"]),
        Route("/__mock__/faults", lambda r: None, methods=["POST"]),
    ]
    assert fuzz.served_operations(routes) == {
        ("GET", "/files/{file_id}"),
        ("DELETE", "/files/{file_id}"),
    }


def test_cross_field_rules_drop_what_the_real_api_refuses() -> None:
    body = {"tool_choice": "auto", "stream_options": {}, "top_logprobs": 2, "logprobs": True}
    fuzz.respect_cross_field("post", "/chat/completions", body)
    assert body == {"top_logprobs": 2, "logprobs": True}
    kept = {"tools": [{}], "tool_choice": "auto", "stream": True, "stream_options": {}}
    assert fuzz.respect_cross_field("POST", "/chat/completions", dict(kept)) == kept


def test_families_keep_reasoning_models_at_their_defaults() -> None:
    models = [
        fuzz.ModelFacts("gpt-4o", frozenset({"chat.completions"})),
        fuzz.ModelFacts("o1-mini", frozenset({"chat.completions"}), reasoning=True),
        fuzz.ModelFacts("o3", frozenset({"chat.completions"}), True, ("low", "high")),
    ]
    schema = {"anyOf": fuzz._families(models)}
    check = Draft202012Validator(schema).is_valid
    assert check({"model": "gpt-4o", "temperature": 0.3, "logprobs": True})
    assert not check({"model": "gpt-4o", "reasoning_effort": "low"})
    assert check({"model": "o3", "reasoning_effort": "high", "temperature": 1})
    assert not check({"model": "o3", "temperature": 0.3})
    assert not check({"model": "o3", "max_tokens": 5})
    assert not check({"model": "o1-mini", "reasoning_effort": "low"})


def test_only_the_served_operations_stay_and_errors_are_documented(spec: dict[str, Any]) -> None:
    assert fuzz.operations_in(spec) == SERVED
    for item in spec["paths"].values():
        for method, op in item.items():
            if method in fuzz.METHODS:
                assert set(fuzz.ERROR_STATUSES) <= set(op["responses"])


def test_no_openapi_30_leftovers(spec: dict[str, Any]) -> None:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("nullable") is True or isinstance(node.get("exclusiveMinimum"), bool):
                found.append(str(node)[:80])
            if "$recursiveRef" in node:
                found.append("$recursiveRef")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["paths"])
    walk(spec["components"]["schemas"])
    assert found == []


def test_the_list_metadata_query_is_a_deep_object(spec: dict[str, Any]) -> None:
    params = spec["paths"]["/chat/completions"]["get"]["parameters"]
    metadata = next(p for p in params if p["name"] == "metadata")
    assert (metadata["style"], metadata["explode"]) == ("deepObject", True)


def test_event_streams_describe_events_with_json_data(spec: dict[str, Any]) -> None:
    chat = spec["paths"]["/chat/completions"]["post"]["responses"]["200"]["content"]
    legacy = spec["paths"]["/completions"]["post"]["responses"]["200"]["content"]
    for content in (chat, legacy):
        data = content["text/event-stream"]["schema"]["properties"]["data"]
        assert data["if"] == {"const": "[DONE]"}
        assert data["else"]["contentMediaType"] == "application/json"


def test_what_the_real_api_sends_passes(spec: dict[str, Any], client: TestClient) -> None:
    # An empty page: no first or last id.
    page = client.get("/v1/chat/completions", headers=AUTH).json()
    assert page["data"] == [] and page["first_id"] is None
    assert errors(spec, "ChatCompletionList", page) == []
    # base64 embeddings
    body = {"model": "text-embedding-3-small", "input": "hi", "encoding_format": "base64"}
    embedded = client.post("/v1/embeddings", json=body, headers=AUTH).json()
    assert isinstance(embedded["data"][0]["embedding"], str)
    assert errors(spec, "CreateEmbeddingResponse", embedded) == []
    # echo: the prompt's first token has no logprob
    body = {"model": "davinci-002", "prompt": "Hi there", "echo": True, "logprobs": 1}
    echoed = client.post("/v1/completions", json=body, headers=AUTH).json()
    assert echoed["choices"][0]["logprobs"]["token_logprobs"][0] is None
    assert errors(spec, "CreateCompletionResponse", echoed) == []
    # a streamed legacy completion: finish_reason and usage null until the end
    chunk = {
        **copy.deepcopy(echoed),
        "usage": None,
        "choices": [{"text": "x", "index": 0, "logprobs": None, "finish_reason": None}],
    }
    assert errors(spec, fuzz.COMPLETION_CHUNK, chunk) == []
    # a stored completion's messages are the request's
    body = {"model": "gpt-4o-mini", "store": True, "messages": [{"role": "user", "content": "Hi"}]}
    stored = client.post("/v1/chat/completions", json=body, headers=AUTH).json()
    messages = client.get(f"/v1/chat/completions/{stored['id']}/messages", headers=AUTH).json()
    assert messages["data"][0]["role"] == "user"
    assert errors(spec, "ChatCompletionMessageList", messages) == []


def test_the_rewrites_still_refuse_broken_bodies(spec: dict[str, Any]) -> None:
    assert errors(spec, "ChatCompletionList", {"object": "list", "data": []})  # keys missing
    embedding = {"object": "embedding", "index": 0, "embedding": [0.5, "x"]}
    assert errors(spec, "Embedding", embedding)
    item = {"id": "m-0", "role": "robot", "content": "Hi"}
    page = {"object": "list", "data": [item], "first_id": "m-0", "last_id": "m-0"}
    page["has_more"] = False
    assert errors(spec, "ChatCompletionMessageList", page)
    assert errors(spec, "ErrorResponse", {"error": {"message": "m", "type": "t"}})


@pytest.mark.parametrize(
    ("path", "name"),
    [(path, name) for (_, path), examples in fuzz.EXAMPLES.items() for name in examples],
)
def test_each_example_is_valid_and_answered(
    spec: dict[str, Any], client: TestClient, path: str, name: str
) -> None:
    body = fuzz.EXAMPLES[("post", path)][name]
    assert errors(spec, REQUESTS[path], body) == []
    response = client.post("/v1" + path, json=body, headers=AUTH)
    assert response.status_code == 200, response.text


def test_steering_narrows_positive_cases_only(spec: dict[str, Any]) -> None:
    models = [
        fuzz.ModelFacts("gpt-4o", frozenset({"chat.completions"})),
        fuzz.ModelFacts("o3", frozenset({"chat.completions"}), True, ("low",)),
        fuzz.ModelFacts("davinci-002", frozenset({"completions"})),
        fuzz.ModelFacts("text-embedding-3-small", frozenset({"embeddings"})),
        fuzz.ModelFacts("omni-moderation-latest", frozenset({"moderations"})),
    ]
    before = json.dumps(spec, sort_keys=True, default=str)
    steered = fuzz.steer(spec, models)
    # a copy: the negative pass keeps the spec
    assert json.dumps(spec, sort_keys=True, default=str) == before
    chat = "CreateChatCompletionRequest"
    plain = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
    assert errors(steered, chat, plain) == []
    assert errors(steered, chat, {**plain, "model": "gpt-9"})
    assert errors(steered, chat, {**plain, "unknown": 1})
    tool = {"role": "tool", "tool_call_id": "call_1", "content": "22 C"}
    assert errors(steered, chat, {**plain, "messages": [tool]})
    assert errors(spec, chat, {**plain, "messages": [tool]}) == []
    links = steered["paths"]["/chat/completions"]["post"]["responses"]["200"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "getChatCompletion",
        "updateChatCompletion",
        "getChatCompletionMessages",
        "deleteChatCompletion",
    }


def broken_app() -> Starlette:
    """A server that gets ``/models`` wrong twice: a bad body and a 500."""

    async def models(request: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": 7}]})

    async def model(request: Request) -> PlainTextResponse:
        return PlainTextResponse("boom", status_code=500)

    return Starlette(routes=[Route("/v1/models", models), Route("/v1/models/{model}", model)])


def test_the_fuzzer_catches_a_broken_server(raw: dict[str, Any]) -> None:
    pytest.importorskip("schemathesis")
    from mockserver.testing.server import ServerThread

    from .run_fuzz import Tally, execute, load_schema

    spec = fuzz.fuzz_spec(raw, {("GET", "/models"), ("GET", "/models/{model}")})
    tally = Tally()
    with ServerThread(broken_app()) as server:
        options: dict[str, Any] = {"seed": 0, "max_examples": 3, "phases": ["coverage", "fuzzing"]}
        schema = load_schema(spec, server.url + "/v1", mode="positive", **options)
        execute(schema, tally, seconds=60, cap=60)
    assert tally.by_check["not_a_server_error"] > 0
    assert tally.by_check["response_schema_conformance"] > 0
    assert tally.cases["GET /models"] > 0 and tally.cases["GET /models/{model}"] > 0


def test_optional_request_parameters_accept_null_required_ones_do_not(
    spec: dict[str, Any],
) -> None:
    def valid(name: str, body: dict[str, Any]) -> bool:
        root = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        return Draft202012Validator(root).is_valid(body)

    base = {"model": "text-embedding-3-small", "input": "hi"}
    for name in ("dimensions", "encoding_format", "user"):
        assert valid("CreateEmbeddingRequest", {**base, name: None}), name
    assert not valid("CreateEmbeddingRequest", {**base, "input": None})
    assert not valid("CreateEmbeddingRequest", {**base, "dimensions": "many"})


def test_what_the_real_api_sends_of_files_batches_and_stores_passes(
    spec: dict[str, Any], client: TestClient
) -> None:
    lists = {
        "/v1/files": "ListFilesResponse",
        "/v1/batches": "ListBatchesResponse",
        "/v1/vector_stores": "ListVectorStoresResponse",
    }
    for path, component in lists.items():
        page = client.get(path, headers={**AUTH, "OpenAI-Beta": "assistants=v2"}).json()
        assert page["data"] == [] and page["last_id"] is None, path
        assert errors(spec, component, page) == [], path
    line = {"custom_id": "a", "method": "POST", "url": "/v1/embeddings"}
    line["body"] = {"model": "text-embedding-3-small", "input": "hi"}
    upload = {"file": ("in.jsonl", json.dumps(line).encode() + b"\n")}
    made = client.post("/v1/files", files=upload, data={"purpose": "batch"}, headers=AUTH).json()
    assert made["status_details"] is None
    assert errors(spec, "OpenAIFile", made) == []
    evals = client.post("/v1/files", files=upload, data={"purpose": "evals"}, headers=AUTH).json()
    assert errors(spec, "OpenAIFile", evals) == []
    body = {"input_file_id": made["id"], "endpoint": "/v1/embeddings", "completion_window": "24h"}
    batch = client.post("/v1/batches", json=body, headers=AUTH).json()
    assert batch["output_file_id"] is None and batch["in_progress_at"] is None
    assert errors(spec, "Batch", batch) == []
    store = client.post("/v1/vector_stores", json={}, headers=AUTH).json()
    assert store["expires_after"] is None
    assert errors(spec, "VectorStoreObject", store) == []


def test_the_new_rewrites_still_refuse_broken_bodies(spec: dict[str, Any]) -> None:
    page = {"object": "list", "data": [], "first_id": 3, "last_id": None, "has_more": False}
    assert errors(spec, "ListFilesResponse", page)
    file = {"id": "file-1", "object": "file", "bytes": 1, "created_at": 1, "filename": "a"}
    file.update({"purpose": "robots", "status": "processed", "status_details": None})
    assert errors(spec, "OpenAIFile", file)
    batch = {"id": "b", "object": "batch", "endpoint": "/v1/chat/completions"}
    batch.update({"input_file_id": "f", "completion_window": "24h", "status": "validating"})
    batch.update({"created_at": 1, "output_file_id": 5})
    assert errors(spec, "Batch", batch)


def test_real_statuses_and_media_types_are_documented(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for path in ("/responses/{response_id}", "/responses/{response_id}/cancel"):
        for method in ("delete", "post"):
            op = paths[path].get(method)
            if op is not None:
                assert op["responses"]["404"] == {"$ref": fuzz.API_ERROR}
    assert "409" in paths["/batches/{batch_id}/cancel"]["post"]["responses"]
    assert "403" in paths["/models/{model}"]["delete"]["responses"]
    assert "415" in paths["/audio/transcriptions"]["post"]["responses"]
    assert "415" not in paths["/embeddings"]["post"]["responses"]
    content = paths["/files/{file_id}/content"]["get"]["responses"]["200"]["content"]
    assert list(content) == ["application/octet-stream"]
    speech = paths["/audio/speech"]["post"]["responses"]["200"]["content"]
    assert {"audio/mpeg", "audio/wav", "text/event-stream"} <= set(speech)


def test_nested_optional_request_parameters_accept_null_responses_do_not(
    spec: dict[str, Any],
) -> None:
    search = {"query": "q", "ranking_options": {"ranker": None, "score_threshold": None}}
    assert errors(spec, "VectorStoreSearchRequest", search) == []
    search["ranking_options"]["ranker"] = 5
    assert errors(spec, "VectorStoreSearchRequest", search)
    assert errors(spec, "VectorStoreSearchRequest", {"query": "q", "ranking_options": "fast"})
    tool = {"type": "file_search", "file_search": {"max_num_results": None}}
    resources = {"code_interpreter": {"file_ids": None}, "file_search": None}
    create = {"model": "gpt-4o", "tools": [tool], "tool_resources": resources}
    assert errors(spec, "CreateAssistantRequest", create) == []
    # The response side keeps the spec's own types: the same null in an answer is refused.
    assistant = {"id": "asst_1", "object": "assistant", "created_at": 1, "name": None}
    assistant.update({"description": None, "model": "gpt-4o", "instructions": None})
    assistant.update({"tools": [tool], "metadata": {}})
    assert errors(spec, "AssistantObject", assistant)
    tool["file_search"] = {"max_num_results": 5}
    assert errors(spec, "AssistantObject", assistant) == []


def test_negative_cases_cut_the_repeated_input_schema_short(spec: dict[str, Any]) -> None:
    cut = fuzz.negative(spec)
    body = cut["paths"]["/responses"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    assert name == fuzz.SHALLOW_COPY.format("CreateResponse")
    deep = {"model": "gpt-4o", "input": [{"type": "computer_call", "action": 5}]}
    assert errors(cut, name, deep) == [] and errors(spec, "CreateResponse", deep)
    # What the cut schema refuses the full one refuses too.
    for broken in ({"model": "gpt-4o", "input": 5}, {"model": "gpt-4o", "input": [5]}):
        assert errors(cut, name, broken) and errors(spec, "CreateResponse", broken)
    # The operations that carry the full item schema keep it; the spec itself is untouched.
    for path in ("/completions", "/embeddings"):
        assert cut["paths"][path] == spec["paths"][path]
    assert spec["paths"]["/responses"] != cut["paths"]["/responses"]
    # input_tokens keeps its deep input and loses its deep tools (drawn through /responses).
    name = fuzz.SHALLOW_COPY.format("TokenCountsBody")
    deep_input = {"input": [{"type": "computer_call", "action": 5}]}
    deep_tool = {"tools": [{"type": "code_interpreter", "container": 5}]}
    assert errors(cut, name, deep_input) and errors(cut, name, deep_tool) == []
    assert fuzz.SHALLOW_COPY.format("CreateResponse") not in spec["components"]["schemas"]


def test_a_request_image_needs_no_detail_nor_a_replayed_text_its_annotations(
    spec: dict[str, Any],
) -> None:
    image = {"type": "input_image", "image_url": "https://example.com/a.png"}
    text = {"type": "output_text", "text": "A cat"}
    item = {"type": "message", "role": "assistant", "content": [text]}
    body = {"model": "gpt-4o", "input": [{"role": "user", "content": [image]}, item]}
    assert errors(spec, "CreateResponse", body) == []
    assert errors(spec, "CreateResponse", {**body, "input": [{"role": "user", "content": [5]}]})
    # An answer's parts keep every key the spec requires.
    assert errors(spec, "OutputTextContent", text)
    assert errors(spec, "InputImageContent", image)


def test_container_schemas_are_valid_and_their_empty_pages_pass(
    spec: dict[str, Any], client: TestClient
) -> None:
    required = spec["components"]["schemas"]["ContainerResource"]["required"]
    assert len(required) == len(set(required))
    Draft202012Validator.check_schema(spec["components"]["schemas"]["ContainerResource"])
    page = client.get("/v1/containers", headers=AUTH).json()
    assert page["data"] == [] and page["first_id"] is None
    assert errors(spec, "ContainerListResource", page) == []


def test_a_realtime_session_without_transcription_passes(
    spec: dict[str, Any], client: TestClient
) -> None:
    made = client.post("/v1/realtime/client_secrets", json={}, headers=AUTH)
    assert made.status_code == 200, made.text
    assert errors(spec, "RealtimeCreateClientSecretResponse", made.json()) == []
    broken = copy.deepcopy(made.json())
    broken["session"]["include"] = "logprobs"
    assert errors(spec, "RealtimeCreateClientSecretResponse", broken)
