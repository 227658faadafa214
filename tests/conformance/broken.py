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
        return self.body.startswith(b"data: ")

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


def faulty_drop_usage() -> Any:
    """``--app tests.conformance.broken:faulty_drop_usage()``: the whole suite against a fault."""
    return faulty(drop_usage)


def faulty_completions_not_served() -> Any:
    """``--app tests.conformance.broken:faulty_completions_not_served()``."""
    return faulty(completions_not_served)
