"""Cold start: seconds from starting ``python -m mockserver --port P`` to the first 200 on
``GET /v1/models``, and to the first 200 on a chat completion right after it (what the first
user of a fresh server waits for).

Run: ``python tests/bench/bench_cold_start.py [runs]`` (figures, no asserts). Each run starts
a new server process and polls it over loopback every few milliseconds; the figures are the
medians of the runs. This 2-core machine changes speed from one second to the next: a
``python -c pass`` start, timed in the same runs, says how slow the machine was.

The mock's bytecode is compiled first, as a wheel install has it (pip compiles at install
time): an editable install has none, and under ``PYTHONDONTWRITEBYTECODE`` Python never
writes it, so every start would compile some 200 modules again (0.14 s), which no installed
server pays.
"""

from __future__ import annotations

import compileall
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from loadgen import free_port, request_bytes

import mockserver

MODELS = request_bytes("GET", "/v1/models")
CHAT = request_bytes(
    "POST",
    "/v1/chat/completions",
    json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello there!"}]}
    ).encode(),
)


def _status(port: int, payload: bytes) -> int | None:
    """The status of one request, or None while nothing listens on the port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(payload)
            head = b""
            while b"\r\n" not in head:
                chunk = sock.recv(65536)
                if not chunk:
                    return None
                head += chunk
            return int(head.split(b" ", 2)[1])
    except OSError:
        return None


def _run() -> tuple[float, float]:
    port = free_port()
    command = [sys.executable, "-m", "mockserver", "--port", str(port), "--log-level", "warning"]
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        try:
            while _status(port, MODELS) != 200:
                if proc.poll() is not None or time.perf_counter() - started > 30:
                    raise RuntimeError("the mock did not start")
                time.sleep(0.002)
            models = time.perf_counter() - started
            status = _status(port, CHAT)
            chat = time.perf_counter() - started - models
            if status != 200:
                raise RuntimeError(f"chat answered {status}")
            return models, chat
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _bare_python() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def main(runs: int = 5) -> None:
    compileall.compile_dir(Path(mockserver.__file__).parent, quiet=1)
    _run()  # warm the file cache: the first start after a build reads every file from disk
    models, chats, bare = [], [], []
    for _ in range(runs):
        bare.append(_bare_python())
        first, chat = _run()
        models.append(first)
        chats.append(chat)
    print(
        f"cold start, GET /v1/models: {statistics.median(models):.3f} s to the first 200"
        f" (median of {runs}; runs {min(models):.3f}-{max(models):.3f})"
    )
    print(
        f"then the first chat completion: {statistics.median(chats):.3f} s"
        f" (runs {min(chats):.3f}-{max(chats):.3f})"
    )
    print(f"python -c pass, same runs: {statistics.median(bare):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
