"""Throughput of POST /v1/chat/completions served by uvicorn over loopback: non-streamed
requests/second and streams/second, each also as a ratio to a bare Starlette endpoint that
does what any server must (reads and parses the JSON body) and sends a fixed body of the
same size as the mock's reply, served and loaded the same way in the same run. Every request differs
from the others, as users' requests do: nothing the mock could remember would help.

Run: ``python tests/bench/bench_chat.py [seconds-per-round]`` (figures, no asserts). Each
chat figure is the median over rounds of (chat rate / bare rate in the same round).
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import AsyncIterator

import orjson
from loadgen import rate, request_bytes, served
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

CHAT = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What is supervised learning?"},
    ],
}


DISTINCT = 4096  # request bodies, cycled through


def _asking(n: int) -> dict[str, object]:
    question = f"What is supervised learning? Answer for reader {n}."
    return {**CHAT, "messages": [CHAT["messages"][0], {"role": "user", "content": question}]}


def _mock_reply(body: dict[str, object]) -> bytes:
    """The mock's reply to ``body``, captured once by each bare endpoint."""
    from starlette.testclient import TestClient

    from mockserver import create_app

    with TestClient(create_app(), headers={"Authorization": "Bearer sk-bench"}) as client:
        return client.post("/v1/chat/completions", json=body).content


_REPLY: list[bytes] = []


async def _fixed(request: Request) -> Response:
    # Any real server reads and parses the JSON it is sent (the mock's parser, orjson).
    orjson.loads(await request.body())
    if not _REPLY:  # a mock reply: the same number of bytes to send
        _REPLY.append(_mock_reply(_asking(0)))
    return Response(_REPLY[0], media_type="application/json")


def _one_stream() -> list[bytes]:
    """The frames of one of the mock's streams, captured once: the bare streaming endpoint
    sends the same bytes in the same 16-frame writes, so the ratio is the mock's own cost."""
    from mockserver.http.sse import FRAMES_PER_SEND

    text = _mock_reply({**_asking(0), "stream": True})
    frames = [frame + b"\n\n" for frame in text.split(b"\n\n") if frame]
    return [
        b"".join(frames[i : i + FRAMES_PER_SEND]) for i in range(0, len(frames), FRAMES_PER_SEND)
    ]


_STREAM: list[bytes] = []


async def _fixed_stream(request: Request) -> Response:
    orjson.loads(await request.body())
    if not _STREAM:
        _STREAM.extend(_one_stream())

    async def frames() -> AsyncIterator[bytes]:
        for batch in _STREAM:
            yield batch

    return StreamingResponse(frames(), media_type="text/event-stream; charset=utf-8")


bare_app = Starlette(
    routes=[
        Route("/v1/chat/completions", _fixed, methods=["POST"]),
        Route("/v1/stream", _fixed_stream, methods=["POST"]),
    ]
)


def main(seconds: float, rounds: int = 11) -> None:
    plain = request_bytes("POST", "/v1/chat/completions", json.dumps(CHAT).encode())
    # Each request is parsed, counted and generated, as a first request is.
    distinct = [
        request_bytes("POST", "/v1/chat/completions", json.dumps(_asking(n)).encode())
        for n in range(DISTINCT)
    ]
    streamed = [
        request_bytes(
            "POST", "/v1/chat/completions", json.dumps({**_asking(n), "stream": True}).encode()
        )
        for n in range(DISTINCT)
    ]
    # Both servers stay up and are measured in alternating rounds. This 2-core virtual machine
    # changes speed from one second to the next, so each round's chat figures are taken as
    # ratios to the bare figure of the same round, and the median round is reported.
    bare_stream = request_bytes("POST", "/v1/stream", json.dumps(_asking(0)).encode())
    rates: dict[str, list[float]] = {"bare": [], "distinct": [], "bare_stream": [], "stream": []}
    with (
        served("bench_chat:bare_app") as bare_port,
        served("mockserver.app:create_app", factory=True) as mock_port,
    ):
        for _ in range(rounds):
            rates["bare"].append(rate(bare_port, plain, seconds))
            rates["bare_stream"].append(rate(bare_port, bare_stream, seconds))
            rates["distinct"].append(rate(mock_port, distinct, seconds))
            rates["stream"].append(rate(mock_port, streamed, seconds))
    # Each figure against its bare counterpart: a fixed JSON body, or the same stream's bytes.
    for name, label, unit, against in (
        ("bare", "bare same-size reply", "requests/s", "bare"),
        ("distinct", "chat, non-streamed", "requests/s", "bare"),
        ("bare_stream", "bare fixed stream", "streams/s ", "bare_stream"),
        ("stream", "chat, streamed", "streams/s ", "bare_stream"),
    ):
        ratios = sorted(r / b for r, b in zip(rates[name], rates[against], strict=True))
        print(
            f"{label:<24}: {statistics.median(rates[name]):8.0f} {unit} median round;"
            f" {statistics.median(ratios):.2f} of {against}"
            f" (rounds {ratios[0]:.2f}-{ratios[-1]:.2f})"
        )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
