"""The colours of a prompt: colour words and scene words pick them, the rest come from the
prompt's own digest, so "red apples" looks red and every prompt has its own look."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from ...randomness import derive

RGB = tuple[int, int, int]

# Words that name a colour, and the colour a learner expects to see for them.
COLOUR_WORDS: dict[str, RGB] = {
    "red": (214, 40, 40),
    "orange": (247, 127, 0),
    "yellow": (252, 211, 77),
    "gold": (212, 175, 55),
    "golden": (212, 175, 55),
    "green": (56, 161, 105),
    "blue": (37, 99, 235),
    "purple": (126, 34, 206),
    "violet": (139, 92, 246),
    "pink": (236, 72, 153),
    "brown": (133, 77, 14),
    "black": (20, 20, 24),
    "white": (245, 245, 245),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 200),
    "neon": (57, 255, 20),
    "cyan": (6, 182, 212),
    "teal": (13, 148, 136),
}
# Scene words: (sky top, sky bottom, ground) for prompts about a time or a place; the first
# listed that the prompt names wins.
SCENE_WORDS: dict[str, tuple[RGB, RGB, RGB]] = {
    "night": ((8, 12, 40), (40, 30, 90), (20, 20, 35)),
    "futuristic": ((20, 10, 60), (120, 40, 160), (30, 30, 50)),
    "neon": ((15, 5, 40), (200, 30, 140), (25, 20, 45)),
    "sunset": ((250, 120, 60), (255, 200, 120), (90, 50, 40)),
    "sunrise": ((255, 170, 120), (255, 230, 170), (110, 120, 70)),
    "ocean": ((90, 170, 230), (180, 225, 250), (20, 90, 160)),
    "sea": ((90, 170, 230), (180, 225, 250), (20, 90, 160)),
    "beach": ((110, 190, 240), (200, 235, 250), (235, 210, 150)),
    "forest": ((120, 180, 140), (200, 230, 190), (30, 90, 40)),
    "snow": ((200, 215, 235), (240, 245, 250), (250, 250, 252)),
    "desert": ((240, 190, 120), (255, 230, 170), (215, 170, 100)),
    "space": ((0, 0, 10), (20, 10, 50), (40, 40, 60)),
    "city": ((70, 110, 170), (170, 200, 230), (60, 60, 70)),
    "cityscape": ((70, 110, 170), (170, 200, 230), (60, 60, 70)),
}
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_bottom: RGB
    ground: RGB
    accents: tuple[RGB, ...]

    @property
    def ink(self) -> RGB:
        """Dark or light text, whichever reads on the sky's lower part."""
        r, g, b = self.sky_bottom
        return (15, 15, 20) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (250, 250, 250)


def words(prompt: str) -> list[str]:
    return [w.lower() for w in WORD.findall(prompt)]


def _hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return (int(r * 255), int(g * 255), int(b * 255))


def palette(prompt: str, seed: int) -> Palette:
    found = words(prompt)
    rng = derive(seed, "image-palette", prompt)
    hue = rng.random()
    sky_top = _hsv(hue, 0.55, 0.55)
    sky_bottom = _hsv(hue + 0.08, 0.3, 0.95)
    ground = _hsv(hue + 0.45, 0.5, 0.45)
    for word, colours in SCENE_WORDS.items():  # times of day before places
        if word in found:
            sky_top, sky_bottom, ground = colours
            break
    named = [COLOUR_WORDS[w] for w in found if w in COLOUR_WORDS]
    generated = [_hsv(hue + 0.15 * i + rng.random() * 0.1, 0.75, 0.9) for i in range(1, 6)]
    return Palette(sky_top, sky_bottom, ground, tuple(named + generated))
