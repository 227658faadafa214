"""Same request under the same seed and clock: the same bytes, in this process or another."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock

REQUESTS = [
    (
        "POST",
        "/v1/chat/completions",
        {
            "model": "gpt-4o",
            "messages": [{"role": "user", "content": "What's the weather like in Boston today?"}],
        },
    ),
    (
        "POST",
        "/v1/chat/completions",
        {
            "model": "gpt-4o-mini",
            "n": 2,
            "stream": True,
            "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": "지도학습은?"}],
        },
    ),
    ("POST", "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi"}),
    (
        "POST",
        "/v1/embeddings",
        {"model": "text-embedding-3-small", "input": ["a b", "c"], "encoding_format": "base64"},
    ),
    ("POST", "/v1/moderations", {"input": "I will hurt you"}),
    ("GET", "/v1/models", None),
]


def transcript(seed: int) -> str:
    """SHA-256 of every response body, in order, from a fresh app."""
    client = TestClient(create_app(Settings(seed=seed, clock=FixedClock(1_700_000_000))))
    digest = hashlib.sha256()
    for method, path, body in REQUESTS:
        response = client.request(method, path, json=body, headers={"Authorization": "Bearer sk-x"})
        assert response.status_code == 200, response.text
        digest.update(response.content)
    return digest.hexdigest()


def test_same_seed_same_bytes_different_seed_different_bytes() -> None:
    assert transcript(7) == transcript(7)
    assert transcript(7) != transcript(8)


def test_same_bytes_in_another_process() -> None:
    code = "from tests.test_determinism import transcript; print(transcript(7))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert other.stdout.strip() == transcript(7)
