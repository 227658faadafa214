from __future__ import annotations

import io
from pathlib import Path

import pytest
from openai import OpenAI
from PIL import Image

from clients.images import edit_image, generate_image, save_images, square_mask, vary_image


def _size(path: Path) -> tuple[int, int]:
    with Image.open(path) as picture:
        return picture.size


def test_generate_and_save_a_picture(client: OpenAI, tmp_path: Path) -> None:
    response = generate_image(client, "A red apple", response_format="b64_json")
    [path] = save_images(response, tmp_path, "apple")
    assert path.name == "apple-1.png"
    assert _size(path) == (512, 512)


def test_gpt_image_answers_inline_and_save_reads_the_format(client: OpenAI, tmp_path: Path) -> None:
    response = generate_image(
        client, "A blue door", model="gpt-image-1", size="1024x1024", output_format="jpeg"
    )
    [path] = save_images(response, tmp_path)
    assert path.suffix == ".jpg"
    with Image.open(path) as picture:
        assert picture.format == "JPEG"


def test_the_mask_is_transparent_in_the_middle_only(tmp_path: Path) -> None:
    image = tmp_path / "image.png"
    Image.new("RGB", (64, 64), "white").save(image)
    with Image.open(square_mask(image, tmp_path / "mask.png")) as mask:
        assert mask.size == (64, 64) and mask.mode == "RGBA"
        assert mask.getpixel((32, 32))[3] == 0  # type: ignore[index]
        assert mask.getpixel((2, 2))[3] == 255  # type: ignore[index]


@pytest.fixture
def picture(client: OpenAI, tmp_path: Path) -> Path:
    made = generate_image(client, "A wooden box", response_format="b64_json")
    return save_images(made, tmp_path, "box")[0]


def test_a_masked_edit_changes_the_middle_only(
    client: OpenAI, picture: Path, tmp_path: Path
) -> None:
    mask = square_mask(picture, tmp_path / "mask.png")
    response = edit_image(client, picture, mask, response_format="b64_json")
    [edited] = save_images(response, tmp_path, "edited")
    before = Image.open(picture).convert("RGB")
    after = Image.open(io.BytesIO(edited.read_bytes())).convert("RGB")
    assert after.size == before.size
    assert after.getpixel((5, 5)) == before.getpixel((5, 5))  # opaque in the mask: kept
    middle = [(x, y) for x in range(200, 312, 8) for y in range(200, 312, 8)]
    assert any(after.getpixel(p) != before.getpixel(p) for p in middle)


def test_variations(client: OpenAI, picture: Path, tmp_path: Path) -> None:
    response = vary_image(client, picture, n=2, response_format="b64_json")
    paths = save_images(response, tmp_path, "variation")
    assert [p.name for p in paths] == ["variation-1.png", "variation-2.png"]
    assert all(_size(p) == (512, 512) for p in paths)
