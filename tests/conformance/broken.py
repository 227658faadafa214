"""Deliberately broken targets: the mock behind an ASGI wrapper that plants one fault.

Each fault rewrites one exchange (request and buffered response); everything else is the mock,
so a check that fails here and passes against the mock fails because of the fault.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio

from mockserver import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings

KEY = "sk-conformance"


@dataclass
class Exchange:
    method: str
    path: str
    request: bytes
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def request_json(self) -> Any:
        try:
            return json.loads(self.request or b"null")
        except ValueError:
            return None

    @property
    def is_stream(self) -> bool:
        return self.body.startswith((b"data: ", b"event: "))

    def json(self) -> Any:
        return json.loads(self.body)

    def set_json(self, value: Any) -> None:
        self.body = json.dumps(value).encode()

    def frames(self) -> list[str]:
        return [f for f in self.body.decode().split("\n\n") if f]

    def set_frames(self, frames: list[str]) -> None:
        self.body = "".join(f + "\n\n" for f in frames).encode()

    def map_chunks(self, edit: Callable[[int, dict[str, Any], int], None]) -> None:
        """Edit each JSON chunk of a stream in place: ``edit(i, chunk, count)``."""
        frames = self.frames()
        data = [f for f in frames if f.startswith("data: {")]
        out = []
        for frame in frames:
            if frame.startswith("data: {"):
                chunk = json.loads(frame[len("data: ") :])
                edit(data.index(frame), chunk, len(data))
                frame = "data: " + json.dumps(chunk, separators=(",", ":"))
            out.append(frame)
        self.set_frames(out)


Fault = Callable[[Exchange], None]


def mock_app() -> Any:
    return create_app(Settings(seed=0, clock=FixedClock(1_700_000_000), api_keys=(KEY,)))


def any_key_mock_app() -> Any:
    """The mock as ``make serve`` starts it: any non-empty key is accepted."""
    return create_app(Settings(seed=0, clock=FixedClock(1_700_000_000)))


def faulty(fault: Fault, inner: Any = None) -> Any:
    inner = mock_app() if inner is None else inner

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        parts, more = [], True
        while more:
            message = await receive()
            parts.append(message.get("body", b""))
            more = message.get("more_body", False)
        request = b"".join(parts)
        delivered = False

        async def replay() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": request, "more_body": False}
            await anyio.sleep_forever()  # the client never disconnects
            raise AssertionError("unreachable")

        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await inner(scope, replay, capture)
        exchange = Exchange(
            scope["method"], scope["path"], request, start["status"],
            list(start.get("headers", [])), b"".join(body),
        )  # fmt: skip
        fault(exchange)
        headers = [(k, v) for k, v in exchange.headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(exchange.body)).encode()))
        await send({"type": "http.response.start", "status": exchange.status, "headers": headers})
        await send({"type": "http.response.body", "body": exchange.body})

    return app


# --- the planted faults ----------------------------------------------------------------------


def on_chat(ex: Exchange) -> bool:
    return ex.path == "/v1/chat/completions" and ex.method == "POST" and ex.status == 200


def drop_usage(ex: Exchange) -> None:
    if on_chat(ex) and not ex.is_stream:
        data = ex.json()
        data.pop("usage")
        ex.set_json(data)


def wrong_total(ex: Exchange) -> None:
    if on_chat(ex) and not ex.is_stream:
        data = ex.json()
        data["usage"]["total_tokens"] += 1
        ex.set_json(data)


def extra_key(ex: Exchange) -> None:
    if on_chat(ex) and not ex.is_stream:
        data = ex.json()
        data["choices"][0]["message"]["reasoning_content"] = ""
        ex.set_json(data)


def tools_counted_as_json(ex: Exchange) -> None:
    # As a server that counts the tools' JSON schemas rather than the prompt's rendering would.
    body = ex.request_json()
    if on_chat(ex) and not ex.is_stream and isinstance(body, dict) and body.get("tools"):
        data = ex.json()
        data["usage"]["prompt_tokens"] += 20
        data["usage"]["total_tokens"] += 20
        ex.set_json(data)


def event_lines(ex: Exchange) -> None:
    if on_chat(ex) and ex.is_stream:
        ex.set_frames(["event: message\n" + f for f in ex.frames()])


def no_done(ex: Exchange) -> None:
    if on_chat(ex) and ex.is_stream:
        ex.set_frames([f for f in ex.frames() if f != "data: [DONE]"])


def no_role_first(ex: Exchange) -> None:
    def edit(i: int, chunk: dict[str, Any], n: int) -> None:
        for choice in chunk["choices"]:
            choice["delta"].pop("role", None)

    if on_chat(ex) and ex.is_stream:
        ex.map_chunks(edit)


def usage_chunk_with_choices(ex: Exchange) -> None:
    def edit(i: int, chunk: dict[str, Any], n: int) -> None:
        if i == n - 1 and chunk.get("usage"):
            chunk["choices"] = [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": None}]

    if on_chat(ex) and ex.is_stream:
        ex.map_chunks(edit)


def broken_tool_arguments(ex: Exchange) -> None:
    def edit(i: int, chunk: dict[str, Any], n: int) -> None:
        for choice in chunk["choices"]:
            for call in choice["delta"].get("tool_calls") or []:
                function = call.get("function") or {}
                if function.get("arguments", "").endswith("}"):
                    function["arguments"] = function["arguments"][:-1]

    if on_chat(ex) and ex.is_stream:
        ex.map_chunks(edit)


def ignores_max_tokens(ex: Exchange) -> None:
    if on_chat(ex) and not ex.is_stream:
        data = ex.json()
        for choice in data["choices"]:
            choice["finish_reason"] = "stop"
        ex.set_json(data)


def ok_for_bad_request(ex: Exchange) -> None:
    body = ex.request_json()
    if ex.path == "/v1/chat/completions" and isinstance(body, dict) and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": "chatcmpl-x", "object": "chat.completion", "choices": []})


def wrong_envelope(ex: Exchange) -> None:
    if 400 <= ex.status < 500 and ex.path.startswith("/v1/"):
        error = ex.json()["error"]
        ex.set_json({"detail": error["message"], "status": ex.status})


def server_error_for_bad_input(ex: Exchange) -> None:
    if ex.path == "/v1/chat/completions" and ex.status == 400:
        ex.status = 500


def responses_server_error_for_bad_input(ex: Exchange) -> None:
    if ex.path == "/v1/responses" and ex.status == 400:
        ex.status = 500


def no_request_id(ex: Exchange) -> None:
    ex.headers = [(k, v) for k, v in ex.headers if k.lower() != b"x-request-id"]


def unnormalised_embedding(ex: Exchange) -> None:
    if ex.path == "/v1/embeddings" and ex.status == 200:
        data = ex.json()
        for item in data["data"]:
            if isinstance(item["embedding"], list):
                item["embedding"] = [2 * x for x in item["embedding"]]
        ex.set_json(data)


def base64_mismatch(ex: Exchange) -> None:
    if ex.path == "/v1/embeddings" and ex.status == 200:
        data = ex.json()
        for item in data["data"]:
            if isinstance(item["embedding"], str):
                import base64

                import numpy as np

                vector = np.frombuffer(base64.b64decode(item["embedding"]), dtype="<f4")
                item["embedding"] = base64.b64encode((vector[::-1]).tobytes()).decode()
        ex.set_json(data)


def unmasked_wrong_key(ex: Exchange) -> None:
    if ex.status == 401 and b"Incorrect API key" in ex.body:
        data = ex.json()
        data["error"]["message"] = data["error"]["message"].replace("*", "x")
        ex.set_json(data)


def chat_not_served(ex: Exchange) -> None:
    if ex.path == "/v1/chat/completions":
        ex.status = 404
        message = f"Invalid URL ({ex.method} {ex.path})"
        error = {"message": message, "type": "invalid_request_error", "param": None, "code": None}
        ex.set_json({"error": error})


def wrong_key_accepted(ex: Exchange) -> None:
    # As a server that restricts its keys but lets a wrong one in.
    if ex.status == 401 and b"Incorrect API key" in ex.body:
        ex.status = 200
        ex.set_json({"object": "list", "data": []})


def not_the_mock(ex: Exchange) -> None:
    # As any other server: no /__mock__ control API (so the suite treats it as a stranger).
    if ex.path.startswith("/__mock__"):
        ex.status = 404
        message = f"Invalid URL ({ex.method} {ex.path})"
        error = {"message": message, "type": "invalid_request_error", "param": None, "code": None}
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"error": error})


def completions_not_served(ex: Exchange) -> None:
    # As a FastAPI server without the route: its own 404, not the real API's "Invalid URL".
    if ex.path.startswith("/v1/completions"):
        ex.status = 404
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"detail": "Not Found"})


def altered_file_content(ex: Exchange) -> None:
    # As a server that stores uploads as text (read line by line, written back with newlines).
    if ex.path.startswith("/v1/files/") and ex.path.endswith("/content") and ex.status == 200:
        ex.body = b"".join(line.rstrip(b"\n") + b"\n" for line in ex.body.splitlines())


def jsonl_not_checked(ex: Exchange) -> None:
    # As a server that accepts any file for any purpose.
    if ex.path == "/v1/files" and ex.method == "POST" and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        fake = {"id": "file-x", "object": "file", "bytes": 1, "created_at": 1}
        ex.set_json({**fake, "filename": "x.jsonl", "purpose": "fine-tune", "status": "processed"})


def delete_keeps_file(ex: Exchange) -> None:
    # As a server whose delete answers but keeps the file.
    if ex.path.startswith("/v1/files/") and ex.method == "GET" and ex.status == 404:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        file_id = ex.path.rsplit("/", 1)[-1]
        fake = {"id": file_id, "object": "file", "bytes": 1, "created_at": 1}
        ex.set_json({**fake, "filename": "x", "purpose": "user_data", "status": "processed"})


def hands_back_user_data(ex: Exchange) -> None:
    # As a server that lets any file be downloaded.
    if ex.path.startswith("/v1/files/") and ex.path.endswith("/content") and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/octet-stream")]
        ex.body = b"private notes"


def parts_in_arrival_order(ex: Exchange) -> None:
    # As a server that joins an Upload's parts in the order they arrived, not as listed.
    content = ex.path.startswith("/v1/files/") and ex.path.endswith("/content")
    if content and ex.status == 200 and ex.body == b'{"part": "second"}\n{"part": "first"}\n':
        ex.body = b'{"part": "first"}\n{"part": "second"}\n'


def on_vector_stores(ex: Exchange, suffix: str = "", method: str = "GET") -> bool:
    return (
        ex.path.startswith("/v1/vector_stores/")
        and ex.path.endswith(suffix)
        and ex.method == method
        and ex.status == 200
    )


def search_unranked(ex: Exchange) -> None:
    # As a server that returns the chunks in the order it stored them.
    if on_vector_stores(ex, "/search", "POST"):
        data = ex.json()
        data["data"] = data["data"][::-1]
        ex.set_json(data)


def scores_above_one(ex: Exchange) -> None:
    # As a server that reports raw inner products of unnormalised vectors.
    if on_vector_stores(ex, "/search", "POST"):
        data = ex.json()
        for hit in data["data"]:
            hit["score"] *= 2
        ex.set_json(data)


def search_filters_ignored(ex: Exchange) -> None:
    # As a server that ranks every file whatever the filters say.
    body = ex.request_json()
    if on_vector_stores(ex, "/search", "POST") and isinstance(body, dict) and body.get("filters"):
        data = ex.json()
        data["data"].append(
            {"file_id": "file-unfiltered", "filename": "other.txt", "score": 0.1,
             "attributes": {"topic": "space"}, "content": [{"type": "text", "text": "other"}]}
        )  # fmt: skip
        ex.set_json(data)


def unsupported_file_completes(ex: Exchange) -> None:
    # As a server that indexes any bytes as text.
    if on_vector_stores(ex) and "/files/" in ex.path and not ex.path.endswith("/content"):
        data = ex.json()
        if data.get("status") == "failed":
            data.update(status="completed", last_error=None, usage_bytes=10)
            ex.set_json(data)


def file_counts_off(ex: Exchange) -> None:
    # As a server that counts a store's files wrongly.
    if on_vector_stores(ex) and ex.path.count("/") == 3:
        data = ex.json()
        data["file_counts"]["total"] += 1
        ex.set_json(data)


def content_unparsed(ex: Exchange) -> None:
    # As a server whose file content page holds nothing of the document.
    if on_vector_stores(ex, "/content"):
        data = ex.json()
        data["data"] = [{"type": "text", "text": ""}]
        ex.set_json(data)


def delete_keeps_store(ex: Exchange) -> None:
    # As a server whose delete answers but keeps the store.
    if ex.path.startswith("/v1/vector_stores/") and ex.method == "GET" and ex.status == 404:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        store_id = ex.path.rsplit("/", 1)[-1]
        counts = {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0}
        ex.set_json(
            {"id": store_id, "object": "vector_store", "created_at": 1, "name": "x",
             "usage_bytes": 0, "file_counts": counts, "status": "completed",
             "last_active_at": 1, "metadata": {}}
        )  # fmt: skip


def container_not_listed(ex: Exchange) -> None:
    # As a server whose container list shows another container than the ones it made.
    if ex.path == "/v1/containers" and ex.method == "GET" and ex.status == 200:
        page = ex.json()
        other = "cntr_someone_else"
        data = [{**container, "id": other} for container in page["data"]]
        ex.set_json({**page, "data": data, "first_id": other, "last_id": other})


def _on_batch(ex: Exchange) -> bool:
    return ex.path.startswith("/v1/batches") and ex.status == 200 and ex.path != "/v1/batches"


def _is_batch_output(ex: Exchange) -> bool:
    content = ex.path.startswith("/v1/files/") and ex.path.endswith("/content")
    return content and ex.status == 200 and b'"batch_req_' in ex.body


def _batch_output_lines(ex: Exchange) -> list[Any]:
    return [json.loads(line) for line in ex.body.splitlines()]


def _set_batch_output_lines(ex: Exchange, lines: list[Any]) -> None:
    ex.body = b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def batch_without_request_counts(ex: Exchange) -> None:
    # As a server whose batches leave out the counts the real API always sends.
    if ex.path.startswith("/v1/batches") and ex.method == "POST" and ex.status == 200:
        data = ex.json()
        data.pop("request_counts", None)
        ex.set_json(data)


def batch_not_listed(ex: Exchange) -> None:
    # As a server whose batch list forgets what was just created.
    if ex.path == "/v1/batches" and ex.method == "GET" and ex.status == 200:
        ex.set_json({**ex.json(), "data": [], "first_id": None, "last_id": None})


def batch_output_renumbered(ex: Exchange) -> None:
    # As a server that names output lines by position, not by the input's custom_id.
    if _is_batch_output(ex):
        lines = _batch_output_lines(ex)
        for i, line in enumerate(lines, start=1):
            line["custom_id"] = f"request-{i}"
        _set_batch_output_lines(ex, lines)


def batch_output_rewritten(ex: Exchange) -> None:
    # As a server whose batch lines are generated apart from the endpoint's own answers.
    if _is_batch_output(ex):
        lines = _batch_output_lines(ex)
        for line in lines:
            body = line["response"]["body"]
            if "choices" in body:
                body["choices"][0]["message"]["content"] += " (batched)"
        _set_batch_output_lines(ex, lines)


def cancel_of_finished_batch_accepted(ex: Exchange) -> None:
    # As a server that answers any cancel with the batch as it stands.
    if ex.path.endswith("/cancel") and ex.path.startswith("/v1/batches/") and ex.status == 409:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": ex.path.split("/")[3], "object": "batch", "status": "completed"})


def batch_errors_without_lines(ex: Exchange) -> None:
    # As a server that reports a failed batch's problems without the lines they are on.
    if _on_batch(ex) and ex.method == "GET" and ex.json().get("status") == "failed":
        data = ex.json()
        for error in data["errors"]["data"]:
            error["line"] = None
        ex.set_json(data)


def batch_window_accepted(ex: Exchange) -> None:
    # As a server that takes any completion window.
    if ex.path == "/v1/batches" and ex.method == "POST" and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": "batch_x", "object": "batch", "status": "validating"})


def job_never_succeeds(ex: Exchange) -> None:
    # As a server whose fine-tuning jobs never finish.
    if ex.path.startswith("/v1/fine_tuning/jobs/") and ex.method == "GET" and ex.status == 200:
        job = ex.json()
        if job.get("object") == "fine_tuning.job" and job["status"] == "succeeded":
            ex.set_json({**job, "status": "running", "fine_tuned_model": None,
                         "finished_at": None, "trained_tokens": None})  # fmt: skip


def any_fine_tuned_model_answers(ex: Exchange) -> None:
    # As a server that answers for any ft: model name, made by a job or not.
    if ex.path == "/v1/chat/completions" and ex.status == 404 and b'"ft:' in ex.request:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": "chatcmpl-x", "object": "chat.completion", "created": 1,
                     "model": ex.request_json()["model"], "choices": []})  # fmt: skip


def any_model_fine_tunes(ex: Exchange) -> None:
    # As a server that starts a job for any model.
    if ex.path == "/v1/fine_tuning/jobs" and ex.method == "POST" and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        asked = ex.request_json()
        ex.set_json({"object": "fine_tuning.job", "id": "ftjob-x", "model": asked["model"],
                     "created_at": 1, "finished_at": None, "fine_tuned_model": None,
                     "organization_id": "org-x", "result_files": [], "status": "queued",
                     "validation_file": None, "training_file": asked["training_file"],
                     "hyperparameters": {}, "trained_tokens": None, "error": None,
                     "seed": 1})  # fmt: skip


def any_job_id_answers(ex: Exchange) -> None:
    # As a server that answers a job for any id.
    if ex.path.startswith("/v1/fine_tuning/jobs/") and ex.status == 404:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"object": "fine_tuning.job", "id": ex.path.rsplit("/", 1)[-1]})


def cancel_ignored(ex: Exchange) -> None:
    # As a server whose cancel answers but lets the job go on.
    if ex.path.startswith("/v1/fine_tuning/jobs/") and ex.status == 200:
        job = ex.json()
        if job.get("object") == "fine_tuning.job" and job["status"] == "cancelled":
            ex.set_json({**job, "status": "running", "finished_at": None})


def event_without_level(ex: Exchange) -> None:
    # As a server whose fine-tuning events leave out their level.
    if ex.path.endswith("/events") and ex.status == 200:
        page = ex.json()
        ex.set_json({**page, "data": [
            {k: v for k, v in e.items() if k != "level"} for e in page["data"]
        ]})  # fmt: skip


# --- images ----------------------------------------------------------------------------------


def _png(size: tuple[int, int], colour: tuple[int, int, int] = (0, 200, 0)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _replace_pictures(ex: Exchange, picture: bytes) -> None:
    import base64

    data = ex.json()
    for item in data.get("data") or []:
        if "b64_json" in item:
            item["b64_json"] = base64.b64encode(picture).decode()
    ex.set_json(data)


def _fake_images(ex: Exchange) -> None:
    ex.status = 200
    ex.headers = [(b"content-type", b"application/json")]
    ex.set_json({"created": 1, "data": [{"url": "http://target/x.png"}]})


def image_url_wrong_size(ex: Exchange) -> None:
    # As a server whose URLs serve a thumbnail.
    if ex.path.startswith("/__mock__/images/") and ex.status == 200:
        ex.body = _png((256, 256))


def image_wrong_format(ex: Exchange) -> None:
    # As a server that always sends PNG, whatever output_format asks for.
    if (
        ex.path == "/v1/images/generations"
        and ex.status == 200
        and not ex.body.startswith(b"event")
    ):
        _replace_pictures(ex, _png((1536, 1024)))


def image_stream_untyped(ex: Exchange) -> None:
    # As a server that streams data-only frames.
    if ex.path == "/v1/images/generations" and ex.body.startswith(b"event: "):
        ex.set_frames([f.split("\n", 1)[1] for f in ex.frames()])


def image_n_not_checked(ex: Exchange) -> None:
    body = ex.request_json()
    if ex.path == "/v1/images/generations" and ex.status == 400 and isinstance(body, dict):
        _fake_images(ex)


def edit_ignores_mask(ex: Exchange) -> None:
    # As a server that redraws the whole picture.
    if ex.path == "/v1/images/edits" and ex.status == 200:
        _replace_pictures(ex, _png((256, 256)))


def image_url_never_expires(ex: Exchange) -> None:
    if ex.path.startswith("/__mock__/images/") and ex.status == 403:
        ex.status = 200
        ex.headers = [(b"content-type", b"image/png")]
        ex.body = _png((256, 256))


def bad_upload_accepted(ex: Exchange) -> None:
    if ex.path in ("/v1/images/edits", "/v1/images/variations") and ex.status == 400:
        _fake_images(ex)


def variation_wrong_size(ex: Exchange) -> None:
    if ex.path == "/v1/images/variations" and ex.status == 200:
        _replace_pictures(ex, _png((1024, 1024)))


def faulty_drop_usage() -> Any:
    """``--app tests.conformance.broken:faulty_drop_usage()``: the whole suite against a fault."""
    return faulty(drop_usage)


def faulty_completions_not_served() -> Any:
    """``--app tests.conformance.broken:faulty_completions_not_served()``."""
    return faulty(completions_not_served)


def _on_assistants(ex: Exchange) -> bool:
    return ex.path.startswith("/v1/assistants")


def assistant_without_defaults(ex: Exchange) -> None:
    # As a server that sends only the fields it was given (no top_p, temperature, ...).
    if _on_assistants(ex) and ex.status == 200 and ex.json().get("object") == "assistant":
        data = ex.json()
        for key in ("top_p", "temperature", "tool_resources", "response_format"):
            data.pop(key, None)
        ex.set_json(data)


def assistant_modify_drops_fields(ex: Exchange) -> None:
    # As a server whose modify replaces the assistant with the body it was sent.
    if _on_assistants(ex) and ex.method == "POST" and ex.path.count("/") == 3 and ex.status == 200:
        data = ex.json()
        data["name"] = None
        ex.set_json(data)


def assistants_oldest_first(ex: Exchange) -> None:
    # As a server that lists in creation order whatever ``order`` says.
    if ex.path == "/v1/assistants" and ex.method == "GET" and ex.status == 200:
        page = ex.json()
        page["data"].reverse()
        ex.set_json(page)


def assistant_delete_keeps(ex: Exchange) -> None:
    # As a server whose delete answers but keeps the assistant.
    if _on_assistants(ex) and ex.method == "GET" and ex.status == 404:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": ex.path.rsplit("/", 1)[-1], "object": "assistant", "created_at": 1,
                     "name": None, "description": None, "model": "gpt-4o", "instructions": None,
                     "tools": [], "top_p": 1.0, "temperature": 1.0, "tool_resources": {},
                     "metadata": {}, "response_format": "auto"})  # fmt: skip


def beta_header_ignored(ex: Exchange) -> None:
    # As a server that serves the Assistants API without asking for the header.
    if _on_assistants(ex) and ex.status == 400 and b"invalid_beta" in ex.body:
        ex.status = 200
        ex.set_json({"id": "asst_x", "object": "assistant", "created_at": 1, "model": "gpt-4o"})


def answer_ignores_tool_output(ex: Exchange) -> None:
    # As a server whose run answers without reading the tool outputs it was given.
    if ex.path.startswith("/v1/threads/") and ex.path.endswith("/messages") and ex.status == 200:
        page = ex.json()
        for message in page["data"]:
            for part in message["content"]:
                if part["type"] == "text":
                    part["text"]["value"] = "I could not find the weather."
        ex.set_json(page)


def run_skips_requires_action(ex: Exchange) -> None:
    # As a server that finishes a run without asking for its function calls' outputs.
    if ex.path.startswith("/v1/threads/") and "/runs/" in ex.path and ex.method == "GET":
        run = ex.json() if ex.status == 200 else None
        if run and run.get("status") == "requires_action":
            ex.set_json({**run, "status": "completed", "required_action": None})


def assistant_stream_without_events(ex: Exchange) -> None:
    # As a server that streams runs as chat does: data lines only.
    if ex.path.startswith("/v1/threads") and ex.body.startswith(b"event: "):
        frames = ex.body.decode().split("\n\n")
        ex.set_frames([f.split("\n", 1)[1] for f in frames if f])


def on_responses(ex: Exchange) -> bool:
    return ex.path == "/v1/responses" and ex.method == "POST" and ex.status == 200


def responses_wrong_total(ex: Exchange) -> None:
    if on_responses(ex) and not ex.is_stream:
        data = ex.json()
        data["usage"]["total_tokens"] += 1
        ex.set_json(data)


def responses_extra_key(ex: Exchange) -> None:
    # As a server that dresses a chat completion up as a response.
    if on_responses(ex) and not ex.is_stream:
        data = ex.json()
        data["finish_reason"] = "stop"
        ex.set_json(data)


def responses_ignore_max_output_tokens(ex: Exchange) -> None:
    if on_responses(ex) and not ex.is_stream:
        data = ex.json()
        data.update(status="completed", incomplete_details=None)
        ex.set_json(data)


def responses_forget_previous(ex: Exchange) -> None:
    # As a server that answers a continuation without the earlier turns.
    body = ex.request_json()
    if on_responses(ex) and isinstance(body, dict) and body.get("previous_response_id"):
        data = ex.json()
        data["usage"]["input_tokens"] = 1
        data["usage"]["total_tokens"] = 1 + data["usage"]["output_tokens"]
        ex.set_json(data)


def responses_delete_keeps(ex: Exchange) -> None:
    if ex.path.startswith("/v1/responses/") and ex.method == "GET" and ex.status == 404:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": ex.path.rsplit("/", 1)[-1], "object": "response"})


def responses_cancel_anything(ex: Exchange) -> None:
    if ex.path.endswith("/cancel") and ex.path.startswith("/v1/responses/") and ex.status == 400:
        ex.status = 200
        ex.headers = [(b"content-type", b"application/json")]
        ex.set_json({"id": ex.path.split("/")[3], "object": "response", "status": "cancelled"})


def cites_the_wrong_file(ex: Exchange) -> None:
    # As a server whose file_search cites whichever file it found first.
    if ex.path.startswith("/v1/threads/") and ex.path.endswith("/messages") and ex.status == 200:
        page = ex.json()
        for message in page["data"]:
            for part in message["content"]:
                for annotation in (part.get("text") or {}).get("annotations") or []:
                    annotation["file_citation"]["file_id"] = "file-wrong"
        ex.set_json(page)


def conversation_not_extended(ex: Exchange) -> None:
    # As a server that keeps a conversation's own items but not what its responses add.
    if (
        ex.path.startswith("/v1/conversations/")
        and ex.path.endswith("/items")
        and ex.method == "GET"
    ):
        data = ex.json()
        data["data"] = data["data"][:1]
        data["last_id"] = data["first_id"]
        ex.set_json(data)


def responses_stream_unnumbered(ex: Exchange) -> None:
    # As a server that numbers each stream's events from 1 but skips one.
    if on_responses(ex) and ex.body.startswith(b"event: "):
        frames = ex.frames()
        out = []
        for k, frame in enumerate(frames):
            name, data = frame.split("\n", 1)
            event = json.loads(data[len("data: ") :])
            event["sequence_number"] = k if k < 3 else k + 1
            out.append(name + "\ndata: " + json.dumps(event))
        ex.set_frames(out)


# --- audio -----------------------------------------------------------------------------------

WAV_HEADER = 44  # the canonical RIFF/WAVE header the mock writes: data from byte 44


def on_audio(ex: Exchange, endpoint: str) -> bool:
    return ex.path == f"/v1/audio/{endpoint}" and ex.method == "POST" and ex.status == 200


def speech_at_22khz(ex: Exchange) -> None:
    # As a server that resamples to eSpeak's own rate and says so in the header.
    if on_audio(ex, "speech") and ex.body[:4] == b"RIFF":
        body = bytearray(ex.body)
        body[24:28] = (22_050).to_bytes(4, "little")
        body[28:32] = (44_100).to_bytes(4, "little")
        ex.body = bytes(body)


def speed_ignored(ex: Exchange) -> None:
    # As a server that sends the same length whatever the speed: the samples thrice over.
    request = ex.request_json() or {}
    if on_audio(ex, "speech") and request.get("speed") == 2.0 and ex.body[:4] == b"RIFF":
        data = ex.body[WAV_HEADER:] * 3
        header = bytearray(ex.body[:WAV_HEADER])
        header[4:8] = (len(data) + WAV_HEADER - 8).to_bytes(4, "little")
        header[40:44] = len(data).to_bytes(4, "little")
        ex.body = bytes(header) + data


def mishears(ex: Exchange) -> None:
    if on_audio(ex, "transcriptions") and ex.body.startswith(b"{"):
        data = ex.json()
        data["text"] = "Something else entirely was said here."
        ex.set_json(data)


def srt_without_arrows(ex: Exchange) -> None:
    if on_audio(ex, "transcriptions") and b" --> " in ex.body and not ex.body.startswith(b"WEB"):
        ex.body = ex.body.replace(b" --> ", b" - ")


def vtt_without_header(ex: Exchange) -> None:
    if on_audio(ex, "transcriptions") and ex.body.startswith(b"WEBVTT\n\n"):
        ex.body = ex.body.removeprefix(b"WEBVTT\n\n")


def words_missing(ex: Exchange) -> None:
    if on_audio(ex, "transcriptions") and ex.body.startswith(b"{"):
        data = ex.json()
        if data.pop("words", None) is not None:
            ex.set_json(data)


def first_delta_dropped(ex: Exchange) -> None:
    if on_audio(ex, "transcriptions") and ex.is_stream:
        frames = ex.frames()
        ex.set_frames(frames[1:])


def takes_bad_uploads(ex: Exchange) -> None:
    # As a server that transcribes whatever it is sent, in whatever format.
    if ex.path == "/v1/audio/transcriptions" and ex.status == 400:
        ex.status = 200
        ex.set_json({"text": ""})
        ex.headers = [(k, v) for k, v in ex.headers if k.lower() != b"content-type"]
        ex.headers.append((b"content-type", b"application/json"))


def speech_events_without_done(ex: Exchange) -> None:
    if on_audio(ex, "speech") and ex.is_stream:
        ex.set_frames(ex.frames()[:-1])


def responses_citations_past_the_text(ex: Exchange) -> None:
    # As a server that counts citation offsets in bytes of a longer text than it sends.
    if on_responses(ex) and not ex.is_stream:
        data = ex.json()
        for item in data.get("output", []):
            for part in item.get("content") or []:
                for note in part.get("annotations") or []:
                    if note.get("type") == "url_citation":
                        note["end_index"] = len(part["text"]) + 5
        ex.set_json(data)


# --- WebSocket sessions ------------------------------------------------------------------------

SocketFault = Callable[[dict[str, Any]], "dict[str, Any] | None"]


def faulty_socket(fault: SocketFault, inner: Any = None) -> Any:
    """The mock with every server message of its WebSocket sessions rewritten by ``fault``
    (None: the session is closed instead of that message being sent)."""
    inner = mock_app() if inner is None else inner

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await inner(scope, receive, send)
            return
        closed = False

        async def rewrite(message: dict[str, Any]) -> None:
            nonlocal closed
            if closed:
                return
            if message["type"] == "websocket.send" and message.get("text"):
                event = fault(json.loads(message["text"]))
                if event is None:
                    closed = True
                    await send({"type": "websocket.close", "code": 1000})
                    return
                message = {**message, "text": json.dumps(event)}
            await send(message)

        await inner(scope, receive, rewrite)

    return app


def socket_unnumbered(event: dict[str, Any]) -> dict[str, Any] | None:
    """Events without their ``sequence_number``."""
    event.pop("sequence_number", None)
    return event


def socket_closes_on_error(event: dict[str, Any]) -> dict[str, Any] | None:
    """A bad request ends the session instead of getting an ``error`` event."""
    return None if event.get("type") == "error" else event


def socket_text_differs(event: dict[str, Any]) -> dict[str, Any] | None:
    """The final response's text is not what the deltas said."""
    if event.get("type") == "response.completed":
        for item in event["response"]["output"]:
            for part in item.get("content") or []:
                if part.get("type") == "output_text":
                    part["text"] += " (edited)"
    return event


def realtime_text_differs(event: dict[str, Any]) -> dict[str, Any] | None:
    """A realtime response.done whose text is not what its deltas said."""
    if event.get("type") == "response.done":
        for item in event["response"]["output"]:
            for part in item.get("content") or []:
                if "text" in part:
                    part["text"] += " (edited)"
    return event


def realtime_model_unchecked(event: dict[str, Any]) -> dict[str, Any] | None:
    """A server that opens a session for any model: the invalid_model error becomes a
    session.created."""
    if event.get("type") == "error" and event["error"].get("code") == "invalid_model":
        session = {"type": "realtime", "model": "gpt-no-such-realtime-model"}
        return {"type": "session.created", "event_id": event["event_id"], "session": session}
    return event


def responses_prompt_not_served(ex: Exchange) -> None:
    # As a server that refuses every prompt template rather than looking its id up.
    body = ex.request_json()
    if ex.path == "/v1/responses" and isinstance(body, dict) and body.get("prompt"):
        ex.status = 400
        ex.set_json(
            {
                "error": {
                    "message": "'prompt' is not supported by this server.",
                    "type": "invalid_request_error",
                    "param": "prompt",
                    "code": "unsupported_parameter",
                }
            }
        )


def responses_hosted_tool_unchecked(ex: Exchange) -> None:
    # As a server that takes a code_interpreter tool without the container it needs.
    body = ex.request_json()
    tools = body.get("tools") if isinstance(body, dict) else None
    coded = any(isinstance(t, dict) and t.get("type") == "code_interpreter" for t in tools or [])
    if ex.path == "/v1/responses" and ex.status == 400 and coded:
        ex.status = 200
        ex.set_json({"id": "resp_x", "object": "response", "output": []})


def responses_code_without_logs(ex: Exchange) -> None:
    # As a server that drops a code interpreter's outputs even when they are included.
    if on_responses(ex) and not ex.is_stream:
        data = ex.json()
        for item in data.get("output", []):
            if item.get("type") == "code_interpreter_call":
                item["outputs"] = None
        ex.set_json(data)
