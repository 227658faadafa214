"""Memory under varied traffic: the served mock's resident set size (RSS) at start, after a
warm-up, and after 100,000 requests that all differ (chat, streamed chat, chat with logprobs,
embeddings as floats and base64, legacy completions with and without logprobs).

Run: ``python tests/bench/memory_flat.py [requests]`` (``make bench-memory``; about two
minutes, so not part of ``make bench``). The server is uvicorn serving the mock, as a user
runs it; RSS is read from ``/proc``. Caches that grow with the variety of requests (an
unbounded ``lru_cache`` keyed by prompt text, say) show as RSS that keeps rising after the
warm-up; bounded ones fill during the warm-up and stay.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from loadgen import _read_response, free_port, request_bytes

HERE = Path(__file__).resolve().parent
WARM_UP = 20_000  # requests before the second reading: every bounded cache is full by then
CONNECTIONS = 8

WORDS = [
    "supervised", "learning", "model", "data", "kite", "Seoul", "weather", "river", "token",
    "vector", "cache", "memory", "graph", "tensor", "reader", "question", "answer", "summary",
    "지도학습", "데이터", "날씨", "서울", "모델", "질문",
]  # fmt: skip


def _words(n: int, count: int) -> str:
    return " ".join(WORDS[(n * 7 + k * 13 + n // (k + 1)) % len(WORDS)] for k in range(count))


def _chat(n: int) -> bytes:
    body: dict[str, object] = {
        "model": ("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano")[n % 3],
        "messages": [
            {"role": "system", "content": f"You are assistant number {n % 101}."},
            {"role": "user", "content": f"Question {n}: what about {_words(n, 4 + n % 9)}?"},
        ],
    }
    if n % 5 == 0:
        body["stream"] = True
    if n % 7 == 0:
        body |= {"logprobs": True, "top_logprobs": n % 6}
    if n % 11 == 0:
        body["max_tokens"] = 5 + n % 40
    if n % 13 == 0:
        body["n"] = 2
    return json.dumps(body).encode()


def _embeddings(n: int) -> bytes:
    inputs: str | list[str] = f"Note {n}: {_words(n, 3 + n % 12)} {n * 31}"
    if n % 10 == 0:
        inputs = [f"Item {n}-{k}: {_words(n + k, 5)}" for k in range(2 + n % 3)]
    body = {
        "model": ("text-embedding-3-small", "text-embedding-3-large")[n % 2],
        "input": inputs,
        "encoding_format": "float" if n % 12 == 2 else "base64",
    }
    return json.dumps(body).encode()


def _completions(n: int) -> bytes:
    body: dict[str, object] = {
        "model": ("gpt-3.5-turbo-instruct", "davinci-002")[n % 2],
        "prompt": f"Write about {_words(n, 3 + n % 7)} number {n}",
        "max_tokens": 8 + n % 24,
    }
    if n % 4 == 0:
        body["logprobs"] = n % 6
    return json.dumps(body).encode()


def payload(n: int) -> bytes:
    """Request ``n`` of the run: every one differs from every other."""
    kind = n % 4
    if kind in (0, 1):
        return request_bytes("POST", "/v1/chat/completions", _chat(n))
    if kind == 2:
        return request_bytes("POST", "/v1/embeddings", _embeddings(n))
    return request_bytes("POST", "/v1/completions", _completions(n))


async def _drive(port: int, make: Callable[[int], bytes], start: int, count: int) -> None:
    sent = [start]
    end = start + count

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent[0] < end:
                n = sent[0]
                sent[0] += 1
                writer.write(make(n))
                status = await _read_response(reader)
                if status != 200:
                    raise RuntimeError(f"request {n}: status {status}")
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main(total: int = 100_000) -> None:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "mockserver.app:create_app", "--factory",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    asyncio.run(_drive(port, payload, 0, 1))
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the mock did not start") from None
                    time.sleep(0.05)
            time.sleep(1.0)  # the background loading of encodings
            start = rss_mb(proc.pid)
            started = time.perf_counter()
            warm = min(WARM_UP, total)
            asyncio.run(_drive(port, payload, 1, warm))
            warmed = rss_mb(proc.pid)
            readings = []
            done = warm
            step = max((total - warm) // 4, 1)
            while done < total:
                count = min(step, total - done)
                asyncio.run(_drive(port, payload, 1 + done, count))
                done += count
                readings.append((done, rss_mb(proc.pid)))
            seconds = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    end = readings[-1][1] if readings else warmed
    print(f"RSS at start {start:7.1f} MB; after {warm:,} requests (warm-up) {warmed:7.1f} MB")
    print("  then " + ", ".join(f"{n:,}: {mb:.1f} MB" for n, mb in readings))
    print(
        f"growth after the warm-up: {(end - warmed) / warmed * 100:+.1f}% over"
        f" {total - warm:,} more requests ({total / seconds:.0f} requests/s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
