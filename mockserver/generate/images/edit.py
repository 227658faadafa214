"""Edits and variations of an uploaded picture.

An edit draws the prompt's scene and shows it only where the mask (or, without one, the image
itself) is fully transparent: everywhere else the original pixels come back unchanged, as the
API documents ("fully transparent areas indicate where image should be edited"). A picture with
no transparent pixel and no mask (gpt-image models edit the whole picture) is blended with the
scene. A variation keeps the picture's layout and shifts its colours, a different shift for
each of the ``n`` variations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image

from ...randomness import derive
from .scene import render

# Alpha at or below this counts as transparent (an 8-bit PNG's "fully transparent" is 0).
TRANSPARENT = 0
# How much of the scene shows through a whole-picture edit.
BLEND = 0.5
# How strongly a variation is tinted.
TINT = 0.2


def editable_area(picture: Image.Image, mask: Image.Image | None) -> Image.Image | None:
    """An "L" image, 255 where the edit may change the picture, or None when nothing is
    transparent. The mask is read at the picture's size."""
    from PIL import Image

    source = mask if mask is not None else picture
    if "A" not in source.getbands() and source.mode != "L":
        return None
    alpha = source.getchannel("A") if "A" in source.getbands() else source
    if alpha.size != picture.size:
        alpha = alpha.resize(picture.size, Image.Resampling.NEAREST)
    area = alpha.point(lambda a: 255 if a <= TRANSPARENT else 0)
    return area if area.getbbox() is not None else None


def edit(
    picture: Image.Image,
    mask: Image.Image | None,
    prompt: str,
    width: int,
    height: int,
    seed: int,
    *key: str | int,
) -> Image.Image:
    """``picture`` at ``width`` x ``height`` with the prompt's scene where it may be edited."""
    from PIL import Image, ImageOps

    area = editable_area(picture, mask)
    base = ImageOps.fit(picture.convert("RGB"), (width, height), Image.Resampling.BILINEAR)
    if area is None:
        return Image.blend(base, render(prompt, width, height, seed, "edit", *key), BLEND)
    area = ImageOps.fit(area, (width, height), Image.Resampling.NEAREST)
    # The scene is drawn to fit the editable area, so its shapes and words land inside it.
    box = area.getbbox() or (0, 0, width, height)
    scene = base.copy()
    scene.paste(render(prompt, box[2] - box[0], box[3] - box[1], seed, "edit", *key), box[:2])
    return Image.composite(scene, base, area)


def variation(
    picture: Image.Image, width: int, height: int, seed: int, *key: str | int
) -> Image.Image:
    """A variation of ``picture``: its layout, cropped a little and mirrored or not, in
    shifted hues under a light tint (so even a grey picture varies)."""
    from PIL import Image, ImageOps

    rng = derive(seed, "image-variation", *key)
    w, h = picture.size
    zoom = 0.8 + rng.random() * 0.2
    cw, ch = max(1, int(w * zoom)), max(1, int(h * zoom))
    left, top = int(rng.random() * (w - cw + 1)), int(rng.random() * (h - ch + 1))
    base = picture.convert("RGB").crop((left, top, left + cw, top + ch))
    base = base.resize((width, height), Image.Resampling.BILINEAR)
    if rng.random() < 0.5:
        base = ImageOps.mirror(base)
    hue, sat, val = base.convert("HSV").split()
    shift = 16 + int(rng.random() * 224)
    hue = hue.point(lambda v: (v + shift) % 256)
    shifted = Image.merge("HSV", (hue, sat, val)).convert("RGB")
    tint = tuple(int(rng.random() * 256) for _ in range(3))
    return Image.blend(shifted, Image.new("RGB", (width, height), tint), TINT)


def partial(image: Image.Image, index: int, count: int) -> Image.Image:
    """The ``index``-th of ``count`` partial images of ``image`` (streaming): blurred, less
    with each one, as a picture coming into focus."""
    from PIL import ImageFilter

    radius = max(1, min(image.size) // 24) * (count - index)
    return image.filter(ImageFilter.BoxBlur(radius))
