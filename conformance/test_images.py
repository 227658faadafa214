"""/v1/images: pictures of the size and format asked for, whose URLs download the same picture
that ``b64_json`` gives, masked edits that keep what the mask keeps, typed stream events, and
the 400s for wrong parameters and bad uploads. Pictures cost money on a paid target: those
checks are the ``images`` area (``-m images``); the refusals are free and always run."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import pytest
from openai.types import ImageGenCompletedEvent, ImageGenPartialImageEvent, ImagesResponse
from PIL import Image, ImageChops, ImageStat

from . import checks, schemas, sse
from .target import Target

GENERATIONS = "/v1/images/generations"
EDITS = "/v1/images/edits"
VARIATIONS = "/v1/images/variations"
NOT_PNG = "Uploaded image must be a PNG and less than 4 MB."
# A picture's mean difference (0-255 per channel) that still counts as "kept".
KEPT = 8.0


def at(endpoint: str, feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(endpoint, feature)


def _png(size: tuple[int, int], colour: tuple[int, ...], mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def _mask(size: int, hole: tuple[int, int, int, int]) -> bytes:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 255))
    image.paste((0, 0, 0, 0), hole)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _images(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, ImagesResponse, None)
    # The spec's enums predate the newer sizes and qualities: its shape is checked without them.
    schemas.validate_openapi("ImagesResponse", {k: v for k, v in data.items() if k != "size"})
    return data


def _download(target: Target, url: str) -> Any:
    return target.http.get(url)  # a signed URL: no key


def _form(target: Target, path: str, files: list[Any], **fields: Any) -> Any:
    return target.request("POST", path, files=files, data={k: str(v) for k, v in fields.items()})


# --- generations -----------------------------------------------------------------------------


@pytest.mark.images
@at(GENERATIONS, "url")
def test_url_downloads_the_picture_b64_json_gives(target: Target) -> None:
    body = {"model": "dall-e-2", "prompt": "a lighthouse at dusk", "size": "512x512"}
    data = _images(target.post("/images/generations", body))
    assert len(data["data"]) == 1, data
    url = data["data"][0].get("url")
    assert isinstance(url, str) and url.startswith(("http://", "https://")), data
    picture = _download(target, url)
    assert picture.status_code == 200, picture.text[:200]
    image = _open(picture.content)
    assert (image.format, image.size) == ("PNG", (512, 512)), (image.format, image.size)
    if target.is_mock:  # the same request again (a real model draws anew): the same bytes
        again = _images(target.post("/images/generations", {**body, "response_format": "b64_json"}))
        assert base64.b64decode(again["data"][0]["b64_json"]) == picture.content, (
            "the URL's bytes are not the b64_json bytes"
        )


@pytest.mark.images
@at(GENERATIONS, "b64_json")
def test_gpt_image_picture_has_the_size_format_and_usage_asked_for(target: Target) -> None:
    body = {"model": "gpt-image-1-mini", "prompt": "a red kite", "size": "1536x1024",
            "quality": "low", "output_format": "jpeg", "output_compression": 50}  # fmt: skip
    data = _images(target.post("/images/generations", body))
    image = _open(base64.b64decode(data["data"][0]["b64_json"]))
    assert (image.format, image.size) == ("JPEG", (1536, 1024)), (image.format, image.size)
    assert (data["output_format"], data["quality"], data["size"]) == ("jpeg", "low", "1536x1024")
    usage = data["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"], usage
    assert usage["input_tokens_details"]["text_tokens"] > 0 and usage["output_tokens"] > 0, usage


@pytest.mark.images
@at(GENERATIONS, "stream")
def test_stream_sends_typed_partial_then_completed_events(target: Target) -> None:
    body = {"model": "gpt-image-1-mini", "prompt": "a paper boat", "quality": "low",
            "stream": True, "partial_images": 1}  # fmt: skip
    response, text = target.post_stream_text("/images/generations", body)
    assert response.status_code == 200, text[:200]
    frames = sse.parse(text)
    names = [f.event for f in frames]
    assert names and names[-1] == "image_generation.completed", f"events {names}"
    assert set(names[:-1]) <= {"image_generation.partial_image"}, f"events {names}"
    for frame in frames:
        payload = json.loads(frame.data or "null")
        assert payload["type"] == frame.event, (payload["type"], frame.event)
        completed = (frame.event or "").endswith("completed")
        kind = ImageGenCompletedEvent if completed else ImageGenPartialImageEvent
        schemas.validate_sdk(kind, payload)
        assert _open(base64.b64decode(payload["b64_json"])).size == (1024, 1024)


@at(GENERATIONS, "errors")
def test_dall_e_3_makes_one_picture_per_request(target: Target) -> None:
    response = target.post("/images/generations", {"model": "dall-e-3", "prompt": "x", "n": 2})
    error = checks.expect_error(response, 400)
    assert error["message"] == "You must provide n=1 for this model.", error


@at(GENERATIONS, "errors")
def test_gpt_image_models_take_no_response_format(target: Target) -> None:
    body = {"model": "gpt-image-1-mini", "prompt": "x", "response_format": "url"}
    error = checks.expect_error(target.post("/images/generations", body), 400)
    assert (error["param"], error["message"]) == (
        "response_format", "Unknown parameter: 'response_format'."
    ), error  # fmt: skip


@pytest.mark.mock_only
@at(GENERATIONS, "url expiry")
def test_url_expires_after_an_hour_of_the_mock_s_clock(target: Target) -> None:
    body = {"model": "dall-e-2", "prompt": "a clock tower", "size": "256x256"}
    url = _images(target.post("/images/generations", body))["data"][0]["url"]
    try:
        target.post("/__mock__/clock", {"advance": 3601})
        expired = _download(target, url)
    finally:
        target.request("DELETE", "/__mock__/clock")
    assert expired.status_code == 403, f"status {expired.status_code} an hour later"
    text = expired.content.decode("utf-8-sig")
    assert "<Code>AuthenticationFailed</Code>" in text, text[:300]
    assert "Signature not valid in the specified time frame" in text, text[:300]


# --- edits and variations ----------------------------------------------------------------------


@pytest.mark.images
@at(EDITS, "mask")
def test_masked_edit_keeps_what_the_mask_keeps(target: Target) -> None:
    blue = (30, 60, 200, 255)
    picture = _png((256, 256), blue)
    mask = _mask(256, (0, 0, 128, 256))  # the left half may change
    response = _form(
        target, "/images/edits",
        [("image", ("image.png", picture, "image/png")), ("mask", ("mask.png", mask, "image/png"))],
        model="dall-e-2", prompt="a field of sunflowers", size="256x256",
        response_format="b64_json",
    )  # fmt: skip
    data = _images(response)
    image = _open(base64.b64decode(data["data"][0]["b64_json"])).convert("RGB")
    assert image.size == (256, 256), image.size
    plain = Image.new("RGB", (120, 256), blue[:3])
    kept = ImageChops.difference(image.crop((136, 0, 256, 256)), plain)
    mean = sum(ImageStat.Stat(kept).mean) / 3
    assert mean < KEPT, f"the opaque half changed (mean difference {mean:.1f})"


@pytest.mark.images
@at(VARIATIONS, "size")
def test_variation_has_the_size_asked_for(target: Target) -> None:
    picture = _png((64, 64), (200, 120, 40), "RGB")
    response = _form(
        target, "/images/variations", [("image", ("image.png", picture, "image/png"))],
        model="dall-e-2", size="256x256", response_format="b64_json",
    )  # fmt: skip
    data = _images(response)
    image = _open(base64.b64decode(data["data"][0]["b64_json"]))
    assert (image.format, image.size) == ("PNG", (256, 256)), (image.format, image.size)


@pytest.mark.parametrize(
    ("path", "picture", "message"),
    [
        pytest.param("/images/edits", b"GIF89a not a png", NOT_PNG, id="edit-not-png"),
        pytest.param("/images/variations", b"\xff\xd8\xff not a png", NOT_PNG, id="var-not-png"),
        pytest.param("/images/edits", _png((64, 32), (1, 2, 3, 255)), None, id="edit-not-square"),
        pytest.param(
            "/images/variations", _png((32, 64), (1, 2, 3, 255)), None, id="var-not-square"
        ),
    ],
)
@at(EDITS, "bad uploads")
def test_bad_uploads_get_a_400(
    target: Target, path: str, picture: bytes, message: str | None
) -> None:
    fields = {"model": "dall-e-2", "prompt": "x"} if path.endswith("edits") else {}
    if path.endswith("variations"):
        fields = {"model": "dall-e-2"}
    response = _form(target, path, [("image", ("image.png", picture, "image/png"))], **fields)
    error = checks.expect_error(response, 400)
    if message is not None:
        assert error["message"] == message, error
