"""A small HTTP/1.1 load generator for the benches: keep-alive connections on loopback,
each sending one request after another, so the server, not the client, is what is measured.

Servers run as ``uvicorn`` subprocesses (one worker, no access log), exactly as a user serves
the mock; each measurement is one server, one client process."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
Payloads = Sequence[bytes]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def served(target: str, *, factory: bool = False) -> Iterator[int]:
    """``uvicorn target`` on a free loopback port; yields the port once it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--port",
        str(port),
        "--app-dir",
        str(HERE),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if factory:
        command.append("--factory")
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError(f"{target} did not start") from None
                    time.sleep(0.05)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def request_bytes(method: str, path: str, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-bench\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        start = headers.index(b"content-length:") + len(b"content-length:")
        length = int(headers[start : headers.index(b"\r\n", start)])
        await reader.readexactly(length)
    return status


async def _connection(port: int, payloads: Payloads, stop: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop:
            writer.write(payloads[counts[1] % len(payloads)])
            counts[1] += 1  # shared by all connections: the next request takes the next payload
            status = await _read_response(reader)
            if status != 200:
                raise RuntimeError(f"status {status}")
            counts[0] += 1
    finally:
        writer.close()


async def _rate(port: int, payloads: Payloads, seconds: float, connections: int) -> float:
    await _connection(port, payloads, time.perf_counter() + 0.5, [0, 0])  # warm up
    counts = [0, 0]  # completed, sent
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(*(_connection(port, payloads, stop, counts) for _ in range(connections)))
    return counts[0] / (time.perf_counter() - started)


def rate(port: int, payload: bytes | Payloads, seconds: float = 3.0, connections: int = 8) -> float:
    """Completed requests (or streams) per second against the server on ``port``; given a
    sequence of payloads, requests take them in turn."""
    payloads = [payload] if isinstance(payload, bytes) else payload
    return asyncio.run(_rate(port, payloads, seconds, connections))
