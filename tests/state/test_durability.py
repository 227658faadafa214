"""``--state-dir``: the served mock is SIGKILLed in the middle of concurrent uploads and, once
restarted over the same folder, still has every file whose creation it acknowledged, byte for
byte, and nothing it did not acknowledge; the same with two workers sharing the folder."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

from mockserver.testing.server import free_port

AUTH = {"Authorization": "Bearer sk-durable"}
WRITERS = 4
ACKED = 150


@contextmanager
def served(state_dir: Path, workers: int = 1) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "mockserver", "--port", str(port), "--state-dir", str(state_dir),
            "--workers", str(workers), "--log-level", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx2.get(url + "/v1/models", headers=AUTH).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the mock did not start")
            time.sleep(0.05)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def content(writer: int, n: int) -> bytes:
    return hashlib.sha256(b"%d-%d" % (writer, n)).digest() * (1 + (writer * 7 + n) % 300)


def upload_until_killed(
    url: str, stop: threading.Event, acked: dict[str, bytes]
) -> list[threading.Thread]:
    """Writers that upload until the server dies; returns once ``ACKED`` uploads have been
    acknowledged, with the writers still sending."""

    def writer(number: int) -> None:
        with httpx2.Client(base_url=url, headers=AUTH, timeout=10) as client:
            n = 0
            while not stop.is_set():
                data = content(number, n)
                n += 1
                try:
                    response = client.post(
                        "/v1/files",
                        files={"file": (f"{number}-{n}.bin", data)},
                        data={"purpose": "vision"},
                    )
                except httpx2.TransportError:
                    return  # killed under this request: not acknowledged
                assert response.status_code == 200, response.text
                acked[response.json()["id"]] = data

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(acked) < ACKED and time.monotonic() < deadline:
        time.sleep(0.01)
    return threads


def check_survivors(url: str, acked: dict[str, bytes]) -> None:
    with httpx2.Client(base_url=url, headers=AUTH, timeout=30) as client:
        listed = client.get("/v1/files").json()["data"]
        ids = [f["id"] for f in listed]
        assert len(ids) == len(set(ids)), "an object was stored twice"
        assert set(acked) <= set(ids), f"lost: {sorted(set(acked) - set(ids))[:5]}"
        for file in listed:
            data = client.get(f"/v1/files/{file['id']}/content").content
            assert len(data) == file["bytes"], "a half-written file"
            if file["id"] in acked:
                assert data == acked[file["id"]]


@pytest.mark.socket
@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_under_concurrent_creates_keeps_every_acknowledged_file(
    tmp_path: Path, workers: int
) -> None:
    acked: dict[str, bytes] = {}
    stop = threading.Event()
    with served(tmp_path, workers) as url:
        writers = upload_until_killed(url, stop, acked)
    stop.set()  # the server died (SIGKILL) with the writers mid-request
    for writer in writers:
        writer.join()
    assert len(acked) >= ACKED
    with served(tmp_path, workers) as url:
        check_survivors(url, acked)
        with httpx2.Client(base_url=url, headers=AUTH) as client:
            made = client.post(
                "/v1/files", files={"file": ("new.txt", b"new")}, data={"purpose": "vision"}
            ).json()
        assert made["id"] not in acked, "an id was given twice across the restart"


@pytest.mark.socket
@pytest.mark.slow
def test_two_workers_share_one_store(tmp_path: Path) -> None:
    with served(tmp_path, workers=2) as url:
        made: list[str] = []
        lock = threading.Lock()

        def create(n: int) -> None:
            # A fresh connection per request: uvicorn spreads them over both workers. A long
            # timeout: on a loaded machine a request lost to httpx's 5 s default would read as
            # a repeated id below.
            response = httpx2.post(
                url + "/v1/files",
                headers=AUTH,
                files={"file": (f"{n}.txt", b"%d" % n)},
                data={"purpose": "vision"},
                timeout=120,
            )
            with lock:
                made.append(response.json()["id"])

        threads = [threading.Thread(target=create, args=(n,)) for n in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(made) == 40, "a create was not answered"
        assert len(set(made)) == 40, "two workers gave the same id"
        for _ in range(5):  # whichever worker answers, it lists all of them
            listed = httpx2.get(url + "/v1/files", headers=AUTH, timeout=60).json()["data"]
            assert {f["id"] for f in listed} == set(made)
