"""A scene for a prompt: a sky and ground in the prompt's colours, a sun, one shape per word
(buildings for a city, trees for a forest, a heap of apples or balloons, plain shapes for the
rest) and the prompt's words on a banner, so whoever opens the picture sees what was asked.

Everything is drawn with Pillow's primitives at the requested size; nothing is scaled up, so a
1024x1024 picture costs a few milliseconds to draw (the encoding costs more)."""

from __future__ import annotations

import functools
import random
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image, ImageDraw, ImageFont

from ...randomness import derive
from .palette import RGB, Palette, palette, words

MAX_SHAPES = 12
BUILDING_WORDS = frozenset({"city", "cityscape", "building", "buildings", "skyline", "tower"})
TREE_WORDS = frozenset({"forest", "tree", "trees", "park", "garden", "jungle"})
ROUND_WORDS = frozenset(
    {"apple", "apples", "ball", "balls", "balloon", "balloons", "fruit", "fruits", "oranges",
     "cherries", "bubbles", "lights", "stars", "coins"}
)  # fmt: skip
STOP_WORDS = frozenset({"a", "an", "the", "of", "and", "with", "in", "on", "is", "at", "to"})


@functools.lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font at ``size`` pixels (no system fonts: the same on every machine)."""
    from PIL import ImageFont

    return ImageFont.load_default(size)


def _gradient(width: int, height: int, top: RGB, bottom: RGB) -> Image.Image:
    """Top to bottom: one column of colours, stretched sideways (a third of the cost of
    compositing two full images through a ramp)."""
    from PIL import Image

    last = max(1, height - 1)
    column = Image.new("RGB", (1, height))
    column.putdata([
        tuple(t + (b - t) * y // last for t, b in zip(top, bottom, strict=True))
        for y in range(height)
    ])  # fmt: skip
    return column.resize((width, height), Image.Resampling.NEAREST)


def _ground(draw: ImageDraw.ImageDraw, w: int, h: int, colour: RGB, rng: random.Random) -> None:
    horizon = int(h * (0.62 + rng.random() * 0.1))
    points = [(0, h), (0, horizon)]
    steps = 8
    for i in range(1, steps + 1):
        points.append((w * i // steps, horizon - int(rng.random() * h * 0.08)))
    points.append((w, h))
    draw.polygon(points, fill=colour)


def _buildings(draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random) -> None:
    x = 0
    base = int(h * 0.72)
    while x < w:
        bw = int(w * (0.05 + rng.random() * 0.07))
        bh = int(h * (0.15 + rng.random() * 0.35))
        shade = tuple(max(0, c - 40 - int(rng.random() * 40)) for c in p.sky_top)
        draw.rectangle((x, base - bh, x + bw, base), fill=shade)
        lit = p.accents[int(rng.random() * len(p.accents))]
        step = max(4, bw // 4)
        for wy in range(base - bh + step, base - step, step * 2):
            for wx in range(x + step // 2, x + bw - step // 2, step):
                if rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + step // 2, wy + step // 2), fill=lit)
        x += bw + int(w * 0.01)


def _trees(draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random) -> None:
    for _ in range(10):
        cx, base = int(rng.random() * w), int(h * (0.7 + rng.random() * 0.15))
        tw, th = int(w * 0.05), int(h * (0.12 + rng.random() * 0.1))
        draw.polygon([(cx - tw, base), (cx + tw, base), (cx, base - th)], fill=(30, 110, 50))


def _round_things(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random
) -> None:
    """A heap of round things (apples, balloons, lights) in the prompt's first colour."""
    radius = max(2, min(w, h) // 16)
    for _ in range(14):
        cx, cy = int(rng.random() * w), int(h * (0.35 + rng.random() * 0.45))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=p.accents[0],
                     outline=(40, 20, 10), width=max(1, radius // 8))  # fmt: skip


def _shape(draw: ImageDraw.ImageDraw, w: int, h: int, colour: RGB, rng: random.Random) -> None:
    size = int(min(w, h) * (0.06 + rng.random() * 0.1))
    cx, cy = int(rng.random() * w), int(h * (0.25 + rng.random() * 0.5))
    box = (cx - size, cy - size // 2, cx + size, cy + size // 2)
    kind = int(rng.random() * 3)
    if kind == 0:
        draw.ellipse(box, fill=colour, outline=(0, 0, 0), width=max(1, size // 20))
    elif kind == 1:
        draw.rounded_rectangle(box, radius=size // 4, fill=colour)
    else:
        draw.polygon([(box[0], box[3]), (box[2], box[3]), (cx, box[1] - size // 2)], fill=colour)


def _caption(image: Image.Image, prompt: str, p: Palette) -> None:
    from PIL import Image, ImageDraw

    w, h = image.size
    size = max(10, min(w, h) // 22)
    face = font(size)
    chars = max(8, int(w / (size * 0.55)))
    lines = textwrap.wrap(" ".join(prompt.split()), chars)[:4] or [""]
    line_h = int(size * 1.25)
    top = h - line_h * len(lines) - size
    band = Image.new("RGBA", (w, h - top), (*p.sky_top, 150))
    image.paste(band, (0, top), band)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size // 2, top + size // 2 + i * line_h), line, font=face, fill=(255, 255, 255))


def render(
    prompt: str,
    width: int,
    height: int,
    seed: int,
    *key: str | int,
    transparent: bool = False,
) -> Image.Image:
    """The scene for ``prompt`` at ``width`` x ``height``: RGB, or RGBA with nothing behind the
    shapes when ``transparent``. ``key`` (model, index, ...) varies the layout between pictures
    of one prompt."""
    from PIL import Image, ImageDraw

    p = palette(prompt, seed)
    rng = derive(seed, "image-scene", prompt, width, height, *key)
    if transparent:
        image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    else:
        image = _gradient(width, height, p.sky_top, p.sky_bottom)
    draw = ImageDraw.Draw(image)
    found = words(prompt)
    sun = int(min(width, height) * 0.09)
    sx, sy = int(width * (0.15 + rng.random() * 0.7)), int(height * (0.12 + rng.random() * 0.15))
    draw.ellipse((sx - sun, sy - sun, sx + sun, sy + sun), fill=p.accents[-1])
    if not transparent:
        _ground(draw, width, height, p.ground, rng)
    if BUILDING_WORDS.intersection(found):
        _buildings(draw, width, height, p, rng)
    if TREE_WORDS.intersection(found):
        _trees(draw, width, height, p, rng)
    if ROUND_WORDS.intersection(found):
        _round_things(draw, width, height, p, rng)
    nouns = [w for w in found if w not in STOP_WORDS][:MAX_SHAPES]
    for i, _ in enumerate(nouns):
        _shape(draw, width, height, p.accents[i % len(p.accents)], rng)
    _caption(image, prompt, p)
    return image
