"""Is each endpoint of the seed's table served at all? A deliberately invalid request costs
nothing: a served endpoint answers with a 4xx envelope, an unserved one with a 404 or 405,
whatever its body (reported as "not served"). The costly areas' full checks arrive with their
own issues (fine-tuning's are in test_fine_tuning.py, images' in test_images.py); the
Assistants API's are in test_assistants.py, and its probe stays here: the real API retired it on
2026-08-26, so a real target reports it "not served" (the mock serves it, unless started with
``--retired-apis``)."""

from __future__ import annotations

from typing import Any

import pytest

from . import checks
from .target import Target

PROBES = [
    ("/v1/realtime", "/realtime/client_secrets", {"session": 5}),
    ("/v1/assistants", "/assistants", {"name": "no model given"}),
]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param(p, b, id=e.removeprefix("/v1/"), marks=pytest.mark.conformance(e, "served"))
        for e, p, b in PROBES
    ],
)
def test_endpoint_is_served(target: Target, path: str, body: dict[str, Any]) -> None:
    response = target.post(path, body, headers={"OpenAI-Beta": "assistants=v2"})
    checks.expect_error(response)  # NotServed (a skip) is raised for a 404 or 405
    assert response.status_code != 404, f"404 for {path}: {response.text[:200]}"
