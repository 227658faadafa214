"""POST /v1/images/generations: every image model, its parameters and its real 400s."""

from __future__ import annotations

import base64
from typing import Any

import openai
import pytest
from openai.types import ImageGenCompletedEvent, ImageGenPartialImageEvent

from mockserver.catalogue import Catalogue
from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.images.helpers import check_response, decoded, opened
from tests.schema_check import validate_openapi, validate_sdk

IMAGE_MODELS = sorted(m.id for m in Catalogue.load() if "images.generations" in m.endpoints)
GPT_IMAGE = [m for m in IMAGE_MODELS if not m.startswith("dall-e")]


def generate(http: Any, **body: Any) -> Any:
    return http.post("/v1/images/generations", json={"prompt": "a red fox in the snow", **body})


def test_every_sdk_image_model_is_in_the_catalogue() -> None:
    from typing import get_args

    from openai.types import ImageModel

    assert set(get_args(ImageModel)) <= set(IMAGE_MODELS)


def test_the_seed_request_gives_a_512_png_url(openai_client: Any, mock_http: Any) -> None:
    response = openai_client.images.generate(
        model="dall-e-2", prompt="A futuristic cityscape with flying cars and neon lights",
        size="512x512", quality="standard", n=1,
    )  # fmt: skip
    assert response.created == FROZEN_TIME and response.usage is None
    url = response.data[0].url
    assert url.startswith("http://mock/__mock__/images/img-") and "&sig=" in url
    picture = mock_http.get(url)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    image = opened(picture.content)
    assert (image.format, image.size) == ("PNG", (512, 512))


@pytest.mark.parametrize("size", ["256x256", "512x512", "1024x1024"])
def test_dall_e_2_sizes_and_n(mock_http: Any, size: str) -> None:
    body = generate(mock_http, model="dall-e-2", size=size, n=3, response_format="b64_json").json()
    check_response(body)
    assert list(body) == ["created", "data"] and len(body["data"]) == 3
    width, height = map(int, size.split("x"))
    assert all(decoded(item).size == (width, height) for item in body["data"])
    assert len({item["b64_json"] for item in body["data"]}) == 3  # each picture its own


@pytest.mark.parametrize("size", ["1024x1024", "1792x1024", "1024x1792"])
def test_dall_e_3_sizes_revise_the_prompt(mock_http: Any, size: str) -> None:
    body = generate(mock_http, model="dall-e-3", size=size, quality="hd", style="natural",
                    response_format="b64_json").json()  # fmt: skip
    check_response(body)
    item = body["data"][0]
    assert item["revised_prompt"].startswith("A red fox in the snow, ")
    assert decoded(item).size == tuple(map(int, size.split("x")))


@pytest.mark.parametrize("model", GPT_IMAGE)
def test_gpt_image_models_return_b64_and_usage(mock_http: Any, model: str) -> None:
    body = generate(mock_http, model=model, quality="low", n=2).json()
    check_response(body)
    assert (body["background"], body["output_format"], body["quality"], body["size"]) == (
        "opaque", "png", "low", "1024x1024"
    )  # fmt: skip
    usage = body["usage"]
    assert usage["input_tokens_details"]["text_tokens"] == usage["input_tokens"] > 0
    assert usage["output_tokens"] == 2 * 272
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert all("url" not in item for item in body["data"])
    assert decoded(body["data"][0]).format == "PNG"


@pytest.mark.parametrize(("fmt", "pil"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")])
def test_output_formats(mock_http: Any, fmt: str, pil: str) -> None:
    extra = {} if fmt == "png" else {"output_compression": 40}
    body = generate(mock_http, model="gpt-image-1.5", output_format=fmt, size="1536x1024",
                    **extra).json()  # fmt: skip
    check_response(body)
    image = decoded(body["data"][0])
    assert (image.format, image.size, body["output_format"]) == (pil, (1536, 1024), fmt)


def test_transparent_background_has_alpha(mock_http: Any) -> None:
    body = generate(mock_http, model="gpt-image-1", background="transparent").json()
    image = decoded(body["data"][0])
    assert body["background"] == "transparent" and image.mode == "RGBA"
    assert image.getchannel("A").getextrema()[0] == 0


def test_custom_sizes_on_gpt_image_2(mock_http: Any) -> None:
    body = generate(mock_http, model="gpt-image-2", size="1536x864", quality="high").json()
    check_response(body, openapi=False)  # the spec's size enum predates free sizes
    assert decoded(body["data"][0]).size == (1536, 864)
    assert body["usage"]["output_tokens"] == round(4160 * 1536 * 864 / 1024**2)


def test_pictures_are_deterministic_and_follow_the_prompt(mock_http: Any) -> None:
    one = generate(mock_http, model="gpt-image-1-mini").json()["data"][0]["b64_json"]
    again = generate(mock_http, model="gpt-image-1-mini").json()["data"][0]["b64_json"]
    body = {"model": "gpt-image-1-mini", "prompt": "a blue whale"}
    other = mock_http.post("/v1/images/generations", json=body).json()["data"][0]["b64_json"]
    assert one == again and one != other


def test_url_bytes_equal_b64_bytes(mock_http: Any) -> None:
    url = generate(mock_http, model="dall-e-2", size="256x256").json()["data"][0]["url"]
    b64 = generate(mock_http, model="dall-e-2", size="256x256", response_format="b64_json").json()
    assert mock_http.get(url).content == base64.b64decode(b64["data"][0]["b64_json"])


def test_stream_sends_typed_partial_and_completed_events(openai_client: Any) -> None:
    stream = openai_client.images.generate(
        model="gpt-image-1", prompt="a lighthouse", stream=True, partial_images=2, size="1024x1536"
    )
    events = list(stream)
    assert [e.type for e in events] == [
        "image_generation.partial_image", "image_generation.partial_image",
        "image_generation.completed",
    ]  # fmt: skip
    assert [e.partial_image_index for e in events[:2]] == [0, 1]
    for event in events:
        kind = (
            ImageGenCompletedEvent
            if event.type.endswith("completed")
            else ImageGenPartialImageEvent
        )
        data = event.model_dump(exclude_none=True)
        validate_sdk(kind, data)
        validate_openapi(kind.__name__, data)
        assert opened(base64.b64decode(event.b64_json)).size == (1024, 1536)
    assert events[-1].usage.output_tokens == 6240  # high (auto), 1024x1536


def test_stream_frames_name_their_events(mock_http: Any) -> None:
    response = generate(mock_http, model="gpt-image-1", stream=True, partial_images=0)
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = [f for f in response.text.split("\n\n") if f]
    assert len(frames) == 1 and frames[0].startswith("event: image_generation.completed\ndata: {")


BAD = [
    ({"model": "dall-e-3", "n": 2}, 400, None, None, "You must provide n=1 for this model."),
    (
        {"model": "dall-e-2", "n": 11},
        400,
        "n",
        "integer_above_max_value",
        "Invalid 'n': integer above maximum value. Expected a value <= 10, but got 11 instead.",
    ),
    (
        {"model": "dall-e-2", "n": 0},
        400,
        "n",
        "integer_below_min_value",
        "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
    ),
    (
        {"model": "dall-e-2", "size": "1792x1024"},
        400,
        None,
        "invalid_size",
        "The size is not supported by this model.",
    ),
    (
        {"model": "dall-e-3", "size": "256x256"},
        400,
        None,
        "invalid_size",
        "The size is not supported by this model.",
    ),
    (
        {"model": "dall-e-2", "size": "big"},
        400,
        None,
        None,
        "'big' is not one of ['256x256', '512x512', '1024x1024', '1024x1792', '1792x1024'] "
        "- 'size'",
    ),
    (
        {"model": "dall-e-3", "quality": "high"},
        400,
        None,
        None,
        "'high' is not one of ['standard', 'hd'] - 'quality'",
    ),
    (
        {"model": "dall-e-3", "style": "cartoon"},
        400,
        None,
        None,
        "'cartoon' is not one of ['vivid', 'natural'] - 'style'",
    ),
    (
        {"model": "dall-e-2", "response_format": "png"},
        400,
        None,
        None,
        "'png' is not one of ['url', 'b64_json'] - 'response_format'",
    ),
    (
        {"model": "dall-e-2", "output_format": "png"},
        400,
        "output_format",
        "unknown_parameter",
        "Unknown parameter: 'output_format'.",
    ),
    (
        {"model": "dall-e-2", "style": "vivid"},
        400,
        "style",
        "unknown_parameter",
        "Unknown parameter: 'style'.",
    ),
    (
        {"model": "gpt-image-1", "response_format": "url"},
        400,
        "response_format",
        "unknown_parameter",
        "Unknown parameter: 'response_format'.",
    ),
    (
        {"model": "gpt-image-1", "style": "vivid"},
        400,
        "style",
        "unknown_parameter",
        "Unknown parameter: 'style'.",
    ),
    (
        {"model": "gpt-image-1", "size": "512x512"},
        400,
        "size",
        "invalid_value",
        "Invalid value: '512x512'. Supported values are: '1024x1024', '1536x1024', '1024x1536', "
        "and 'auto'.",
    ),
    (
        {"model": "gpt-image-1", "quality": "hd"},
        400,
        "quality",
        "invalid_value",
        "Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
    ),
    ({"model": "gpt-image-1", "quality": "xhigh"}, 400, "quality", "invalid_value", None),
    ({"model": "gpt-image-1", "background": "clear"}, 400, "background", "invalid_value", None),
    ({"model": "gpt-image-1", "moderation": "none"}, 400, "moderation", "invalid_value", None),
    ({"model": "gpt-image-1", "output_format": "bmp"}, 400, "output_format", "invalid_value", None),
    ({"model": "gpt-image-1", "output_format": "gif"}, 400, "output_format", "invalid_value", None),
    (
        {"model": "gpt-image-1", "output_compression": 101, "output_format": "jpeg"},
        400,
        "output_compression",
        "integer_above_max_value",
        None,
    ),
    (
        {"model": "gpt-image-1", "output_compression": 50},
        400,
        "output_compression",
        "invalid_value",
        None,
    ),
    (
        {"model": "gpt-image-1", "background": "transparent", "output_format": "jpeg"},
        400,
        "background",
        "invalid_value",
        None,
    ),
    (
        {"model": "gpt-image-1", "partial_images": 4, "stream": True},
        400,
        "partial_images",
        "integer_above_max_value",
        None,
    ),
    ({"model": "gpt-image-2", "size": "1000x1000"}, 400, "size", "invalid_value", None),
    ({"model": "gpt-image-2", "size": "3840x960"}, 400, "size", "invalid_value", None),
    ({"model": "gpt-image-2", "size": "4096x2304"}, 400, "size", "invalid_value", None),
    (
        {"model": "dall-e-2", "prompt": "x" * 1001},
        400,
        "prompt",
        "string_above_max_length",
        "Invalid 'prompt': string too long. Expected a string with maximum length 1000, but got a "
        "string with length 1001 instead.",
    ),
    (
        {"model": "dall-e-2", "prompt": None},
        400,
        "prompt",
        "missing_required_parameter",
        "Missing required parameter: 'prompt'.",
    ),
    (
        {"model": "dall-e-2", "n": "2"},
        400,
        "n",
        "invalid_type",
        "Invalid type for 'n': expected an integer, but got a string instead.",
    ),
    (
        {"model": "dall-e-2", "colour": "red"},
        400,
        None,
        None,
        "Unrecognized request argument supplied: colour",
    ),
    (
        {"model": "gpt-4o"},
        404,
        "model",
        None,
        "This model is not supported in the v1/images/generations endpoint.",
    ),
    ({"model": "dall-e-9"}, 404, None, "model_not_found", None),
]


@pytest.mark.parametrize(("body", "status", "param", "code", "message"), BAD)
def test_each_wrong_parameter_gets_its_error(
    mock_http: Any, body: dict[str, Any], status: int, param: str | None, code: str | None,
    message: str | None,
) -> None:  # fmt: skip
    response = mock_http.post("/v1/images/generations", json={"prompt": "a fox", **body})
    assert response.status_code == status, response.text
    error = envelope(response)
    assert (error["param"], error["code"]) == (param, code)
    if message is not None:
        assert error["message"] == message
    assert len(mock_http.app.state.mock.backends.images) == 0  # nothing kept


def test_sdk_raises_bad_request(openai_client: Any) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        openai_client.images.generate(model="dall-e-3", prompt="x", n=2)
    assert raised.value.body["message"] == "You must provide n=1 for this model."  # type: ignore[index]
