"""Embeddings throughput: inputs per second for 1-input and 2048-input requests.

Run as ``python tests/bench/bench_embeddings.py`` (``make bench``). Requests go through the
app in process (no socket), so the figures are the mock's own cost: parsing, tokenising,
embedding and writing the body. base64 is what the SDK asks for by default; float bodies are
far larger (one pretty-printed number per line, as the real API sends).
"""

from __future__ import annotations

import time

from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.settings import Settings

MODELS = ("text-embedding-3-small", "text-embedding-3-large")
CASES = (  # (inputs, encoding_format, models)
    (1, "base64", MODELS),
    (2048, "base64", MODELS),
    (1, "float", MODELS),
    (2048, "float", MODELS),
)


def texts(n: int) -> list[str]:
    return [f"Document {i}: the quick brown fox jumps over the lazy dog {i % 97}" for i in range(n)]


def measure(http: TestClient, model: str, n: int, fmt: str) -> float:
    body = {"model": model, "input": texts(n), "encoding_format": fmt}
    repeats = 20 if n == 1 else 2
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        response = http.post("/v1/embeddings", json=body)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.text
        best = min(best, elapsed)
    return best


def main() -> None:
    app = create_app(Settings(seed=0))
    with TestClient(app, base_url="http://mock", headers={"Authorization": "Bearer sk"}) as http:
        for model in MODELS:  # warm up: projection matrices and token tables are built once
            http.post("/v1/embeddings", json={"model": model, "input": "warm up"})
        print(f"{'model':<24} {'inputs':>6} {'format':>7} {'seconds':>8} {'inputs/s':>10}")
        for n, fmt, models in CASES:
            for model in models:
                seconds = measure(http, model, n, fmt)
                print(f"{model:<24} {n:>6} {fmt:>7} {seconds:>8.3f} {n / seconds:>10.0f}")


if __name__ == "__main__":
    main()
