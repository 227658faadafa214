"""Throughput of POST /v1/chat/completions served by uvicorn over loopback: non-streamed
requests/second and streams/second, each also as a ratio to a bare Starlette endpoint that
returns a fixed body, served and loaded the same way in the same run.

Run: ``python tests/bench/bench_chat.py [seconds-per-round]`` (figures, no asserts).
"""

from __future__ import annotations

import json
import sys

from loadgen import rate, request_bytes, served
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FIXED = json.dumps({"id": "chatcmpl-x", "object": "chat.completion", "choices": []}).encode()
CHAT = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is supervised learning?"},
    ],
}


async def _fixed(request: Request) -> Response:
    await request.body()
    return Response(FIXED, media_type="application/json")


bare_app = Starlette(routes=[Route("/v1/chat/completions", _fixed, methods=["POST"])])


def main(seconds: float, rounds: int = 4) -> None:
    plain = request_bytes("POST", "/v1/chat/completions", json.dumps(CHAT).encode())
    streamed = request_bytes(
        "POST", "/v1/chat/completions", json.dumps({**CHAT, "stream": True}).encode()
    )
    # Both servers stay up and are measured in alternating rounds; each figure is the best
    # round, so a burst of other load on this 2-core machine does not land on one side only.
    best = {"bare": 0.0, "chat": 0.0, "stream": 0.0}
    with (
        served("bench_chat:bare_app") as bare_port,
        served("mockserver.app:create_app", factory=True) as mock_port,
    ):
        for _ in range(rounds):
            best["bare"] = max(best["bare"], rate(bare_port, plain, seconds))
            best["chat"] = max(best["chat"], rate(mock_port, plain, seconds))
            best["stream"] = max(best["stream"], rate(mock_port, streamed, seconds))
    bare, chat, streams = best["bare"], best["chat"], best["stream"]
    print(f"{'bare Starlette endpoint':<24}: {bare:8.0f} requests/s (1.00)")
    print(f"{'chat, non-streamed':<24}: {chat:8.0f} requests/s ({chat / bare:.2f} of bare)")
    print(f"{'chat, streamed':<24}: {streams:8.0f} streams/s  ({streams / bare:.2f} of bare)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.5)
