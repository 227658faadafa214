"""An image model's parameters, as ``models.json`` lists them under ``images``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...catalogue import Model

DALL_E = "dall-e"
GPT_IMAGE = "gpt-image"


@dataclass(frozen=True)
class CustomSizes:
    """Free ``WIDTHxHEIGHT`` sizes: both sides multiples of ``multiple``, the long side at
    most ``max_edge``, the area within the pixel limits, the aspect ratio within 1:max_ratio."""

    multiple: int
    max_edge: int
    max_pixels: int
    min_pixels: int
    max_ratio: int


@dataclass(frozen=True)
class ImageFacts:
    model: str
    kind: str
    sizes: tuple[str, ...]
    default_size: str
    max_n: int
    qualities: tuple[str, ...]
    default_quality: str
    styles: tuple[str, ...]
    prompt_max: int
    output_tokens: Mapping[str, int]
    custom_sizes: CustomSizes | None

    @property
    def is_gpt_image(self) -> bool:
        return self.kind == GPT_IMAGE


def facts(model: Model) -> ImageFacts:
    data: Mapping[str, Any] = model.images
    assert data, f"{model.id} has no image facts in models.json"
    custom = data.get("custom_sizes")
    return ImageFacts(
        model=model.id,
        kind=str(data["kind"]),
        sizes=tuple(data["sizes"]),
        default_size=str(data["default_size"]),
        max_n=int(data["max_n"]),
        qualities=tuple(data["qualities"]),
        default_quality=str(data["default_quality"]),
        styles=tuple(data.get("styles", ())),
        prompt_max=int(data["prompt_max"]),
        output_tokens=dict(data.get("output_tokens", {})),
        custom_sizes=CustomSizes(**custom) if custom else None,
    )
