"""Embeddings: requests/second served by uvicorn over loopback, as a ratio to a bare endpoint
that sends a fixed body of the same size; then inputs per second for 1-input and 2048-input
requests in process.

Run as ``python tests/bench/bench_embeddings.py [seconds-per-round]`` (``make bench``).

Served: one input per request, every input different from the others (as users' are), so
each request is parsed, tokenised, embedded and written. The bare endpoint (Starlette, no
middleware) reads and parses the request and sends a mock reply recorded once, so the ratio is the
mock's own cost against the HTTP cost of moving the same bytes. The machine changes speed
from one second to the next, so the two servers are measured in alternating rounds and the
median round's ratio is reported.

In process: requests go through the app with no socket, so the figures are the mock's own
cost. base64 is what the SDK asks for by default; float bodies are far larger (one
pretty-printed number per line, as the real API sends).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson
from loadgen import rate, request_bytes, served
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.settings import Settings

MODELS = ("text-embedding-3-small", "text-embedding-3-large")
SERVED_MODEL = "text-embedding-3-small"
FORMATS = ("float", "base64")
CASES = (  # (inputs, encoding_format, models)
    (1, "base64", MODELS),
    (2048, "base64", MODELS),
    (1, "float", MODELS),
    (2048, "float", MODELS),
)
DISTINCT = 4096  # served request bodies, cycled through
BODIES = "BENCH_EMBEDDINGS_BODIES"  # the directory of the bare endpoint's recorded replies


def texts(n: int, round_: int = 0) -> list[str]:
    return [
        f"Document {i}: the quick brown fox jumps over the lazy dog {i % 97} ({round_})"
        for i in range(n)
    ]


def _question(n: int) -> str:
    return f"Note {n}: how do the {n % 13} kites of reader {n * 7} fly over Seoul today?"


def _recorded() -> dict[str, bytes]:
    folder = os.environ.get(BODIES)
    if not folder:
        return {}
    return {fmt: (Path(folder) / f"{fmt}.json").read_bytes() for fmt in FORMATS}


FIXED = _recorded()


def _fixed(fmt: str) -> object:
    async def endpoint(request: Request) -> Response:
        orjson.loads(await request.body())  # as any server must (the mock's parser)
        return Response(FIXED[fmt], media_type="application/json")

    return endpoint


bare_app = Starlette(
    routes=[Route(f"/{fmt}/v1/embeddings", _fixed(fmt), methods=["POST"]) for fmt in FORMATS]
)


def served_ratios(seconds: float, rounds: int = 7) -> None:
    def body(n: int, fmt: str) -> bytes:
        request = {"model": SERVED_MODEL, "input": _question(n), "encoding_format": fmt}
        return json.dumps(request).encode()

    app = create_app(Settings(seed=0))
    with (
        TestClient(app, base_url="http://mock", headers={"Authorization": "Bearer sk"}) as http,
        tempfile.TemporaryDirectory() as folder,
    ):
        for fmt in FORMATS:  # the bare endpoint's reply: a mock reply of the same request
            reply = http.post("/v1/embeddings", content=body(0, fmt))
            assert reply.status_code == 200, reply.text
            (Path(folder) / f"{fmt}.json").write_bytes(reply.content)
        os.environ[BODIES] = folder
        mock = {
            fmt: [request_bytes("POST", "/v1/embeddings", body(n, fmt)) for n in range(DISTINCT)]
            for fmt in FORMATS
        }
        bare = {
            fmt: request_bytes("POST", f"/{fmt}/v1/embeddings", body(0, fmt)) for fmt in FORMATS
        }
        rates: dict[str, list[float]] = {f"{who} {fmt}": [] for fmt in FORMATS for who in "bm"}
        with (
            served("bench_embeddings:bare_app") as bare_port,
            served("mockserver.app:create_app", factory=True) as mock_port,
        ):
            for _ in range(rounds):
                for fmt in FORMATS:
                    rates[f"b {fmt}"].append(rate(bare_port, bare[fmt], seconds))
                    rates[f"m {fmt}"].append(rate(mock_port, mock[fmt], seconds))
        del os.environ[BODIES]
        sizes = {fmt: len((Path(folder) / f"{fmt}.json").read_bytes()) for fmt in FORMATS}
    for fmt in FORMATS:
        ratios = sorted(m / b for m, b in zip(rates[f"m {fmt}"], rates[f"b {fmt}"], strict=True))
        print(
            f"served, 1 input, {fmt:<6} ({sizes[fmt]:>6} bytes): mock"
            f" {statistics.median(rates[f'm {fmt}']):6.0f} requests/s, bare"
            f" {statistics.median(rates[f'b {fmt}']):6.0f} requests/s median round;"
            f" {statistics.median(ratios):.2f} of bare (rounds {ratios[0]:.2f}-{ratios[-1]:.2f})"
        )


def measure(http: TestClient, model: str, n: int, fmt: str) -> float:
    """The median of a few requests' seconds; each request's inputs differ from the last's."""
    repeats = 21 if n == 1 else 5
    seconds = []
    for k in range(repeats):
        body = {"model": model, "input": texts(n, k), "encoding_format": fmt}
        start = time.perf_counter()
        response = http.post("/v1/embeddings", json=body)
        seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text
    return statistics.median(seconds)


def in_process() -> None:
    app = create_app(Settings(seed=0))
    with TestClient(app, base_url="http://mock", headers={"Authorization": "Bearer sk"}) as http:
        for model in MODELS:  # warm up: projection matrices and token tables are built once
            http.post("/v1/embeddings", json={"model": model, "input": "warm up"})
        print("in process, median request:")
        print(f"{'model':<24} {'inputs':>6} {'format':>7} {'seconds':>8} {'inputs/s':>10}")
        for n, fmt, models in CASES:
            for model in models:
                seconds = measure(http, model, n, fmt)
                print(f"{model:<24} {n:>6} {fmt:>7} {seconds:>8.3f} {n / seconds:>10.0f}")


def main(seconds: float) -> None:
    served_ratios(seconds)
    in_process()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
