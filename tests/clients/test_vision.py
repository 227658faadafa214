from __future__ import annotations

import base64
from pathlib import Path

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.chat import reply_text
from clients.vision import SEED_IMAGE_URL, data_url, describe_image, image_part

from .conftest import journal

# The smallest valid PNG: one transparent pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_a_url_goes_as_it_is() -> None:
    assert image_part(SEED_IMAGE_URL) == {
        "type": "image_url", "image_url": {"url": SEED_IMAGE_URL, "detail": "auto"}
    }  # fmt: skip


def test_a_local_file_goes_as_a_data_url(tmp_path: Path) -> None:
    path = tmp_path / "pixel.png"
    path.write_bytes(PIXEL)
    url = data_url(path)
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == PIXEL


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    with pytest.raises(ValueError, match="not a PNG"):
        data_url(tmp_path / "notes.txt")


@pytest.mark.parametrize("local", [False, True])
def test_describe_an_image(
    client: OpenAI, mock_http: TestClient, tmp_path: Path, local: bool
) -> None:
    source: str | Path = SEED_IMAGE_URL
    if local:
        source = tmp_path / "pixel.png"
        source.write_bytes(PIXEL)
    completion = describe_image(client, source)
    assert reply_text(completion)
    content = journal(mock_http, "/v1/chat/completions")[-1]["body"]["messages"][0]["content"]
    assert content[0] == {"type": "text", "text": "What's in this image?"}
    assert content[1]["image_url"]["url"].startswith("data:" if local else "https://")
