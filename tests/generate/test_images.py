"""The picture generator: exact sizes and formats, deterministic, about the prompt."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mockserver.generate.images import edit, encode, partial, render, variation
from mockserver.generate.images.palette import COLOUR_WORDS, palette


@pytest.mark.parametrize(("w", "h"), [(256, 256), (1792, 1024), (1024, 1536), (1536, 864)])
def test_exact_size(w: int, h: int) -> None:
    assert render("a house", w, h, 0).size == (w, h)


@pytest.mark.parametrize(("fmt", "pil"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")])
def test_formats_decode(fmt: str, pil: str) -> None:
    data = encode(render("a house", 128, 96, 0), fmt, 60)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == (pil, (128, 96))


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        encode(render("x", 16, 16, 0), "bmp")


def test_deterministic_in_prompt_seed_and_key() -> None:
    one = encode(render("a red fox", 256, 256, 0, "dall-e-2", 0))
    assert one == encode(render("a red fox", 256, 256, 0, "dall-e-2", 0))
    assert one != encode(render("a red fox", 256, 256, 1, "dall-e-2", 0))
    assert one != encode(render("a red fox", 256, 256, 0, "dall-e-2", 1))
    assert one != encode(render("a grey fox", 256, 256, 0, "dall-e-2", 0))


def test_colour_words_colour_the_scene() -> None:
    assert COLOUR_WORDS["red"] in palette("the box is full of red apples", 0).accents
    night = palette("a city at night", 0)
    assert sum(night.sky_top) < 150


def test_the_words_are_drawn() -> None:
    blank = render("", 512, 512, 0, "k")
    worded = render("WWWWWWWWWWWWWWWWWWWW", 512, 512, 0, "k")
    band = (0, 440, 512, 512)
    assert blank.crop(band).tobytes() != worded.crop(band).tobytes()


def test_transparent_scene_has_an_alpha_channel() -> None:
    image = render("a balloon", 64, 64, 0, transparent=True)
    assert image.mode == "RGBA" and image.getchannel("A").getextrema() == (0, 255)


def test_edit_keeps_the_opaque_part() -> None:
    picture = Image.new("RGBA", (32, 32), (10, 20, 30, 255))
    mask = Image.new("RGBA", (32, 32), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, 16, 32))
    out = edit(picture, mask, "sun", 32, 32, 0)
    assert out.crop((16, 0, 32, 32)).getcolors() == [(16 * 32, (10, 20, 30))]
    assert out.crop((0, 0, 16, 32)).getcolors() != [(16 * 32, (10, 20, 30))]


def test_variation_and_partial() -> None:
    picture = render("a boat", 64, 64, 0)
    assert variation(picture, 128, 128, 0, "a", 0).size == (128, 128)
    assert variation(picture, 64, 64, 0, "a", 0) != variation(picture, 64, 64, 0, "a", 1)
    blurred = [partial(picture, k, 3) for k in range(3)]
    assert all(b.size == (64, 64) for b in blurred) and blurred[0] != blurred[2]
