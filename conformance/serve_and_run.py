"""``make conformance``: serve the mock on a free loopback port, run the suite against it over
the socket, stop the server. Extra arguments go to pytest (e.g. ``--report DIR``, ``-k chat``).

    python -m conformance.serve_and_run --report conformance-report
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence

import httpx2

KEY = "sk-conformance"
FROZEN_TIME = "1700000000"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the mock exited early with status {server.returncode}")
        try:
            httpx2.get(url + "/models", headers={"Authorization": f"Bearer {KEY}"}, timeout=1.0)
            return
        except httpx2.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"the mock did not answer at {url} within {timeout:.0f}s")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--host", "127.0.0.1", "--port", str(port),
         "--seed", "0", "--api-key", KEY, "--time", FROZEN_TIME, "--log-level", "warning"],
    )  # fmt: skip
    try:
        wait_until_up(url, server)
        env = {k: v for k, v in os.environ.items() if k != "OPENAI_BASE_URL"}
        command = [sys.executable, "-m", "pytest", "conformance", "--base-url", url,
                   "--api-key", KEY, *args]  # fmt: skip
        return subprocess.call(command, env=env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    raise SystemExit(main())
