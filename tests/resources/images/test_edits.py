"""POST /v1/images/edits and /v1/images/variations: multipart uploads checked as the real API
checks them (each bad upload its 400, nothing kept), and edits visible only where the mask is
transparent."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from openai.types import ImageEditCompletedEvent, ImageEditPartialImageEvent

from tests.conftest import envelope
from tests.resources.images.helpers import check_response, decoded, form, mask, opened, png
from tests.schema_check import validate_sdk

RED = (200, 40, 40, 255)


def edit(http: Any, image: bytes, *, mask_png: bytes | None = None, name: str = "image.png",
         content_type: str = "image/png", **fields: Any) -> Any:  # fmt: skip
    files = [("image", (name, image, content_type))]
    if mask_png is not None:
        files.append(("mask", ("mask.png", mask_png, "image/png")))
    return form(http, "edits", files, **{"prompt": "the box is full of red apples", **fields})


def test_masked_edit_changes_only_the_transparent_area(openai_client: Any) -> None:
    response = openai_client.images.edit(
        model="dall-e-2", image=("image.png", png((64, 64))), mask=("mask.png", mask()),
        prompt="a blue sky", n=1, size="256x256", response_format="b64_json",
    )  # fmt: skip
    check_response(response.model_dump(exclude_none=True))
    image = opened(base64.b64decode(response.data[0].b64_json)).convert("RGB")
    assert image.size == (256, 256)
    kept = image.crop((140, 140, 256, 256))  # the mask's opaque part, scaled 4x
    assert kept.getcolors() == [(116 * 116, RED[:3])]
    changed = image.crop((0, 0, 120, 120))
    assert len(changed.getcolors(maxcolors=100_000) or []) > 1


def test_dall_e_2_uses_the_image_s_own_alpha_without_a_mask(mock_http: Any) -> None:
    picture = io.BytesIO()
    from PIL import Image

    base = Image.new("RGBA", (32, 32), RED)
    base.paste((0, 0, 0, 0), (0, 0, 16, 32))
    base.save(picture, "PNG")
    body = edit(mock_http, picture.getvalue(), size="256x256", response_format="b64_json").json()
    image = decoded(body["data"][0]).convert("RGB")
    assert image.crop((136, 0, 256, 256)).getcolors() == [(120 * 256, RED[:3])]


def test_edit_urls_download_the_picture(mock_http: Any) -> None:
    body = edit(mock_http, png(), mask_png=mask(), size="512x512", n=2).json()
    check_response(body)
    for item in body["data"]:
        image = opened(mock_http.get(item["url"]).content)
        assert (image.format, image.size) == ("PNG", (512, 512))


def test_gpt_image_edits_take_several_images_and_report_usage(mock_http: Any) -> None:
    files = [("image[]", (f"{i}.png", png((96, 64), "RGB"), "image/png")) for i in range(3)]
    body = form(mock_http, "edits", files, model="gpt-image-1.5", prompt="a collage",
                quality="low").json()  # fmt: skip
    check_response(body)
    assert body["size"] == "1536x1024"  # auto: the first image's shape
    assert decoded(body["data"][0]).size == (1536, 1024)
    details = body["usage"]["input_tokens_details"]
    assert details["image_tokens"] == 3 * (85 + 170) and details["text_tokens"] > 0


def test_gpt_image_edit_accepts_jpeg_and_webp(mock_http: Any) -> None:
    for fmt, kind in (("JPEG", "image/jpeg"), ("WEBP", "image/webp")):
        data = png((64, 64), "RGB", fmt=fmt)
        response = edit(mock_http, data, name="photo", content_type=kind, model="gpt-image-1")
        assert response.status_code == 200, response.text


def test_gpt_image_edit_stream(openai_client: Any) -> None:
    events = list(openai_client.images.edit(
        model="gpt-image-1", image=("a.png", png((64, 64)), "image/png"), prompt="snow",
        stream=True, partial_images=1,
    ))  # fmt: skip
    assert [e.type for e in events] == ["image_edit.partial_image", "image_edit.completed"]
    validate_sdk(ImageEditPartialImageEvent, events[0].model_dump(exclude_none=True))
    validate_sdk(ImageEditCompletedEvent, events[1].model_dump(exclude_none=True))


def test_variations_keep_the_size_and_differ(openai_client: Any, mock_http: Any) -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.linear_gradient("L").convert("RGB").save(picture, "PNG")
    with pytest.warns(DeprecationWarning):  # the SDK marks the retired endpoint so
        response = openai_client.images.create_variation(
            model="dall-e-2", image=("image.png", picture.getvalue()), n=2, size="512x512"
        )
    check_response(response.model_dump(exclude_none=True))
    made = [mock_http.get(item.url).content for item in response.data]
    assert all(opened(m).size == (512, 512) for m in made) and made[0] != made[1]


# (what is sent, the error's message) for each upload the real API refuses.
NOT_PNG = "Uploaded image must be a PNG and less than 4 MB."
BAD_UPLOADS = [
    ("edits", "not a png", {"image": png(fmt="JPEG", mode="RGB")}, {}, NOT_PNG),
    ("edits", "not an image", {"image": b"hello"}, {}, NOT_PNG),
    ("edits", "4 MB or more", {"image": png() + b"\0" * (4 * 1024 * 1024)}, {}, NOT_PNG),
    ("edits", "not square", {"image": png((64, 32))}, {}, "Uploaded image must be square."),
    (
        "edits",
        "no alpha",
        {"image": png(mode="RGB")},
        {},
        "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.",
    ),
    (
        "edits",
        "mask of another size",
        {"image": png(), "mask": mask((32, 32), (0, 0, 8, 8))},
        {},
        "Mask and image must be the same size.",
    ),
    (
        "edits",
        "mask without alpha",
        {"image": png(), "mask": png(mode="RGB")},
        {},
        "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB.",
    ),
    (
        "edits",
        "mask not a png",
        {"image": png(), "mask": b"GIF89a"},
        {},
        "Uploaded mask must be a PNG and less than 4 MB.",
    ),
    (
        "edits",
        "gpt-image: wrong mimetype",
        {"image": png()},
        {"model": "gpt-image-1", "mimetype": "application/octet-stream"},
        "Invalid file 'image': unsupported mimetype ('application/octet-stream'). Supported file "
        "formats are 'image/jpeg', 'image/png', and 'image/webp'.",
    ),
    (
        "edits",
        "gpt-image: corrupt",
        {"image": b"\x89PNG\r\n\x1a\n broken"},
        {"model": "gpt-image-1"},
        "Invalid image file or mode for image 1, please check your image file.",
    ),
    (
        "edits",
        "gpt-image: 50 MB",
        {"image": png() + b"\0" * (50 * 1024 * 1024)},
        {"model": "gpt-image-1"},
        "Invalid image file for image 1: the file is larger than 50 MB.",
    ),
    ("variations", "not a png", {"image": png(fmt="JPEG", mode="RGB")}, {}, NOT_PNG),
    ("variations", "not square", {"image": png((30, 60))}, {}, "Uploaded image must be square."),
    (
        "variations",
        "grey",
        {"image": png(mode="LA", colour=(10, 255))},
        {},
        "Invalid input image - format must be in ['RGB', 'RGBA'], got LA.",
    ),
    ("variations", "too large", {"image": png() + b"\0" * (4 * 1024 * 1024)}, {}, NOT_PNG),
]


@pytest.mark.parametrize(
    ("path", "files", "fields", "message"),
    [pytest.param(p, f, x, m, id=f"{p}: {name}") for p, name, f, x, m in BAD_UPLOADS],
)
def test_each_bad_upload_gets_its_400_and_nothing_is_kept(
    mock_http: Any, path: str, files: dict[str, bytes], fields: dict[str, str], message: str
) -> None:
    fields = dict(fields)
    mimetype = fields.pop("mimetype", "image/png")
    parts = [(name, (f"{name}.png", data, mimetype)) for name, data in files.items()]
    prompt = {"prompt": "apples"} if path == "edits" else {}
    response = form(mock_http, path, parts, **prompt, **fields)
    assert response.status_code == 400, response.text
    assert envelope(response)["message"] == message
    assert len(mock_http.app.state.mock.backends.images) == 0


@pytest.mark.parametrize(
    ("path", "fields", "status", "message"),
    [
        (
            "edits",
            {"model": "dall-e-3", "prompt": "x"},
            404,
            "This model is not supported in the v1/images/edits endpoint.",
        ),
        (
            "variations",
            {"model": "gpt-image-1"},
            404,
            "This model is not supported in the v1/images/variations endpoint.",
        ),
        ("variations", {"prompt": "x"}, 400, "Unknown parameter: 'prompt'."),
        (
            "edits",
            {"prompt": "x", "n": "many"},
            400,
            "Invalid type for 'n': expected an integer, but got a string instead.",
        ),
        (
            "edits",
            {"prompt": "x", "size": "1792x1024"},
            400,
            "The size is not supported by this model.",
        ),
        ("edits", {}, 400, "Missing required parameter: 'prompt'."),
    ],
)
def test_form_parameters(
    mock_http: Any, path: str, fields: dict[str, str], status: int, message: str
) -> None:
    response = form(mock_http, path, [("image", ("i.png", png(), "image/png"))], **fields)
    assert response.status_code == status, response.text
    assert envelope(response)["message"] == message


def test_missing_image_and_json_body(mock_http: Any) -> None:
    response = form(mock_http, "edits", [("other", ("x", b"", "text/plain"))], prompt="x")
    assert envelope(response)["message"] == "Unrecognized request argument supplied: other"
    json_sent = mock_http.post("/v1/images/edits", json={"prompt": "x"})  # JSON: by reference
    assert envelope(json_sent)["message"] == "Missing required parameter: 'images'."
    text = mock_http.post("/v1/images/edits", content=b"x", headers={"content-type": "text/plain"})
    assert text.status_code == 415
    variation = mock_http.post("/v1/images/variations", json={"model": "dall-e-2"})
    assert variation.status_code == 415


@pytest.mark.parametrize(("model", "count", "limit"), [("gpt-image-1", 17, 16), ("dall-e-2", 2, 1)])
def test_too_many_images(mock_http: Any, model: str, count: int, limit: int) -> None:
    files = [("image[]", (f"{i}.png", png(), "image/png")) for i in range(count)]
    response = form(mock_http, "edits", files, model=model, prompt="x")
    assert response.status_code == 400
    assert envelope(response)["message"] == (
        f"Invalid 'image': array too long. Expected an array with maximum length {limit}, but "
        f"got an array with length {count} instead."
    )


def test_pictures_survive_in_a_state_dir(tmp_path: Any) -> None:
    from starlette.testclient import TestClient

    from mockserver import Settings, create_app

    settings = Settings(seed=0, state_dir=str(tmp_path))
    with TestClient(create_app(settings), headers={"Authorization": "Bearer sk"}) as first:
        body = {"model": "dall-e-2", "prompt": "a kite", "size": "256x256"}
        url = first.post("/v1/images/generations", json=body).json()["data"][0]["url"]
        made = first.get(url).content
    with TestClient(create_app(settings)) as second:  # another process's view of the store
        assert second.get(url).content == made


def _data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def test_json_edit_by_data_url_file_id_and_web_url(mock_http: Any) -> None:
    made = mock_http.post("/v1/files", files={"file": ("p.png", png((64, 64)), "image/png")},
                          data={"purpose": "vision"}).json()  # fmt: skip
    body = {
        "model": "gpt-image-1.5", "prompt": "a snowy roof", "quality": "low",
        "images": [{"image_url": _data_url(png((64, 64)))}, {"file_id": made["id"]},
                   {"image_url": "https://example.com/source-image.png"}],
        "mask": {"image_url": _data_url(mask())},
    }  # fmt: skip
    response = mock_http.post("/v1/images/edits", json=body)
    assert response.status_code == 200, response.text
    data = check_response(response.json())
    assert data.size == "1024x1024" and data.usage is not None
    assert data.usage.input_tokens_details.image_tokens == 2 * (85 + 170) + 85 + 170 * 4


@pytest.mark.parametrize(
    ("images", "extra", "message"),
    [
        ([{}], {}, "Invalid 'images[0]': provide exactly one of 'file_id' or 'image_url'."),
        ([{"file_id": "file-nope"}], {}, "No such File object: file-nope"),
        (
            [{"image_url": "data:image/png;base64," + base64.b64encode(b"junk").decode()}],
            {},
            "You uploaded an unsupported image. Please make sure your image has of one the "
            "following formats: ['png', 'jpeg', 'gif', 'webp'].",
        ),
        (
            [{"image_url": "https://e.com/a.png"}],
            {"model": "dall-e-2"},
            "Unknown parameter: 'images'.",
        ),
        (
            [],
            {},
            "Invalid 'images': empty array. Expected an array with minimum length 1, but "
            "got an empty array instead.",
        ),
        (
            [{"image_url": "https://e.com/a.png", "x": 1}],
            {},
            "Unrecognized request argument supplied: images[0].x",
        ),
    ],
)
def test_json_edit_errors(
    mock_http: Any, images: list[Any], extra: dict[str, Any], message: str
) -> None:
    body = {"model": "gpt-image-1", "prompt": "x", "images": images, **extra}
    response = mock_http.post("/v1/images/edits", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert envelope(response)["message"] == message
