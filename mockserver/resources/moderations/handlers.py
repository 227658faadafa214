"""POST /v1/moderations: deterministic scores (``generate.moderation``) for a string, a list of
strings (one result each) or a list of multimodal parts (one result for the whole list)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from ...generate import moderation
from ...http.body import json_body
from ...http.errors import invalid_field
from ...http.params import check, param
from ...llm.image_urls import check_image_url
from ...state import mock_state

SPEC = {"input": param("string", "array", required=True), "model": param("string")}
ENDPOINT = "moderations"


def _is_part(item: object) -> bool:
    if not isinstance(item, Mapping):
        return False
    if item.get("type") == "text":
        return set(item) == {"type", "text"} and isinstance(item.get("text"), str)
    if item.get("type") == "image_url":
        image = item.get("image_url")
        return (
            set(item) == {"type", "image_url"}
            and isinstance(image, Mapping)
            and isinstance(image.get("url"), str)
            and set(image) <= {"url", "detail"}
        )
    return False


def _check_input(value: object, omni: bool) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list) or not value:
        raise invalid_field("input")
    if all(isinstance(item, str) for item in value):
        return
    # Multimodal parts are for the omni models only; the text models take strings.
    if not omni or not all(_is_part(item) for item in value):
        raise invalid_field("input")
    for i, item in enumerate(value):
        if item["type"] == "image_url":
            check_image_url(f"input[{i}].image_url.url", item["image_url"]["url"])


async def create_moderation(request: Request) -> Any:
    body = await json_body(request)
    check(body, SPEC)
    state = mock_state(request)
    asked = body.get("model", state.catalogue.endpoint_defaults[ENDPOINT])
    model = state.catalogue.for_endpoint(asked, ENDPOINT)
    multimodal = bool(model.feature("multimodal_moderation"))
    _check_input(body["input"], multimodal)
    return {
        "id": state.ids.new("modr-"),
        # The text models answer with the snapshot that served them; omni echoes the request.
        "model": model.responds_as,
        "results": moderation.moderate(body["input"], multimodal=multimodal),
    }
