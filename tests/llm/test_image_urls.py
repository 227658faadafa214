"""The image-URL check chat and moderations share: looked at, never fetched; a data URL must
hold a real PNG, JPEG, GIF or WebP image, as the real API decodes it."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from mockserver.http.errors import APIError
from mockserver.llm.image_urls import check_image_reference, check_image_url

WHERE = "messages[0].content[1].image_url.url"
UNSUPPORTED = (
    "You uploaded an unsupported image. Please make sure your image has of one the following "
    "formats: ['png', 'jpeg', 'gif', 'webp']."
)


def data_url(fmt: str, mime: str) -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format=fmt)
    return f"data:{mime};base64,{base64.b64encode(out.getvalue()).decode()}"


@pytest.mark.parametrize(
    ("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"),
                      ("WEBP", "image/webp")],
)  # fmt: skip
def test_real_images_and_web_urls_pass(fmt: str, mime: str) -> None:
    check_image_url(WHERE, data_url(fmt, mime))
    check_image_url(WHERE, "https://example.com/cat.png")


@pytest.mark.parametrize(
    "url",
    [
        # The PNG signature followed by nothing an image is made of.
        "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 64).decode(),
        "data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=",  # "img bytes here"
        "data:image/png;base64,not base64 at all!",
        data_url("BMP", "image/png"),  # a real image, in a format the API does not take
    ],
)
def test_bytes_that_are_no_supported_image_are_the_real_400(url: str) -> None:
    with pytest.raises(APIError) as caught:
        check_image_url(WHERE, url)
    assert (caught.value.status, caught.value.message) == (400, UNSUPPORTED)
    assert caught.value.code == "invalid_image_format"


def test_a_non_image_mime_type_and_a_non_url_name_the_field() -> None:
    for url, says in (("data:text/plain;base64,aGk=", "MIME type 'text/plain'"),
                      ("not a url", "Expected a valid URL")):  # fmt: skip
        with pytest.raises(APIError) as caught:
            check_image_url(WHERE, url)
        assert caught.value.param == WHERE and says in caught.value.message


def test_an_image_reference_is_a_url_or_a_file_id() -> None:
    check_image_reference("output", {"file_id": "file-1"})
    check_image_reference("output", {"image_url": "https://example.com/a.png"})
    with pytest.raises(APIError) as missing:
        check_image_reference("output", {"detail": "low"})
    assert missing.value.param == "output.image_url"
    with pytest.raises(APIError) as wrong:
        check_image_reference("output", {"file_id": 5})
    assert wrong.value.param == "output.file_id"
