"""In-process throughput of POST /v1/chat/completions: non-streamed requests/second and
streams/second, each also as a ratio to a bare Starlette endpoint returning a fixed body,
measured in the same run through the same ASGI harness (no sockets, no HTTP client).

Run: ``python tests/bench/bench_chat.py [seconds-per-measurement]``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.app import create_app
from mockserver.settings import Settings

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
FIXED = json.dumps({"id": "chatcmpl-x", "object": "chat.completion", "choices": []}).encode()
CHAT = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is supervised learning?"},
    ],
}


def bare_app() -> Starlette:
    async def fixed(request: Request) -> Response:
        await request.body()
        return Response(FIXED, media_type="application/json")

    return Starlette(routes=[Route("/v1/chat/completions", fixed, methods=["POST"])])


async def call(app: App, body: bytes) -> int:
    """One request through the ASGI app; returns the response bytes seen."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/chat/completions",
        "raw_path": b"/v1/chat/completions",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"mock"),
            (b"authorization", b"Bearer sk-bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("mock", 80),
    }
    sent = False
    size = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal size, status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    assert status == 200, status
    return size


async def rate(app: App, body: bytes, seconds: float) -> float:
    for _ in range(20):  # warm up: encodings, caches
        await call(app, body)
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(10):
            await call(app, body)
        count += 10
    return count / elapsed


async def main(seconds: float) -> None:
    mock = create_app(Settings(seed=0))
    bare = bare_app()
    plain = json.dumps(CHAT).encode()
    streamed = json.dumps({**CHAT, "stream": True}).encode()
    async with mock.router.lifespan_context(mock):
        bare_rps = await rate(bare, plain, seconds)
        chat_rps = await rate(mock, plain, seconds)
        stream_rps = await rate(mock, streamed, seconds)
    rows = [
        ("bare Starlette endpoint", bare_rps, "requests/s"),
        ("chat, non-streamed", chat_rps, "requests/s"),
        ("chat, streamed", stream_rps, "streams/s"),
    ]
    for name, value, unit in rows:
        print(f"{name:<24}: {value:8.0f} {unit:<10} ({value / bare_rps:.2f} of bare)")


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0))
