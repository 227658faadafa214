"""POST /v1/moderations: shape, the full category set, scores, flagged, list input."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types import ModerationCreateResponse

from . import checks
from .target import Target

ENDPOINT = "/v1/moderations"
COMPONENT = "CreateModerationResponse"
CATEGORIES = {
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
    "sexual/minors", "violence", "violence/graphic",
}  # fmt: skip


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


def create(target: Target, **body: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(
        target.post("/moderations", body), ModerationCreateResponse, COMPONENT
    )
    return data


@at("shape")
def test_moderation_shape(target: Target) -> None:
    data = create(target, input="I want to kill them.")
    assert data["id"].startswith("modr-"), data["id"]
    assert data["model"].startswith("omni-moderation"), data["model"]
    (result,) = data["results"]
    for key in ("categories", "category_scores", "category_applied_input_types"):
        assert set(result[key]) == CATEGORIES, f"{key}: {sorted(set(result[key]) ^ CATEGORIES)}"
    assert all(0 <= s <= 1 for s in result["category_scores"].values())
    assert result["flagged"] == any(result["categories"].values())


@at("list input")
def test_list_input_gives_one_result_each(target: Target) -> None:
    data = create(target, input=["hello there", "have a nice day", "good morning"])
    assert len(data["results"]) == 3


@at("model")
def test_explicit_model(target: Target) -> None:
    data = create(target, input="hello", model=target.models.moderation)
    assert data["model"].startswith(target.models.moderation.removesuffix("-latest")), data["model"]
