"""``--retired-apis``: the image models the real API has shut down are gone by the mock's clock
(DALL·E on 2026-05-12, GPT Image 1 on 2026-10-23), and so is the variations endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from tests.conftest import envelope
from tests.resources.images.helpers import form, png

DEC_2026 = 1_796_300_000  # 2026-12-03
SEP_2026 = 1_788_000_000  # 2026-08-29: DALL·E gone, GPT Image 1 not yet


def client(when: int) -> TestClient:
    settings = Settings(seed=0, clock=FixedClock(when), retired_apis=True)
    return TestClient(create_app(settings), headers={"Authorization": "Bearer sk"})


@pytest.fixture
def retired() -> Iterator[Any]:
    with client(DEC_2026) as http:
        yield http


@pytest.mark.parametrize("model", ["dall-e-2", "dall-e-3", "gpt-image-1"])
def test_shut_down_models_are_gone(retired: Any, model: str) -> None:
    response = retired.post("/v1/images/generations", json={"model": model, "prompt": "x"})
    assert response.status_code == 404
    assert envelope(response)["code"] == "model_not_found"


def test_the_default_model_is_gone_too_and_the_current_ones_serve(retired: Any) -> None:
    assert retired.post("/v1/images/generations", json={"prompt": "x"}).status_code == 404
    body = {"model": "gpt-image-1.5", "prompt": "x", "quality": "low"}
    assert retired.post("/v1/images/generations", json=body).status_code == 200


def test_by_the_mock_s_clock() -> None:
    with client(SEP_2026) as http:
        body = {"prompt": "x", "quality": "low"}
        gone = http.post("/v1/images/generations", json={"model": "dall-e-2", **body})
        kept = http.post("/v1/images/generations", json={"model": "gpt-image-1", **body})
    assert (gone.status_code, kept.status_code) == (404, 200)


def test_edits_and_variations(retired: Any) -> None:
    files = [("image", ("i.png", png(), "image/png"))]
    edit = form(retired, "edits", files, model="dall-e-2", prompt="x")
    assert envelope(edit)["code"] == "model_not_found"
    variation = form(retired, "variations", files, model="dall-e-2")
    assert variation.status_code == 404
    assert envelope(variation)["message"] == "Invalid URL (POST /v1/images/variations)"
