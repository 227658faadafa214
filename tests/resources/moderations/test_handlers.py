"""POST /v1/moderations through the real SDK and raw HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openai.types import ModerationCreateResponse

from mockserver.generate.moderation import CATEGORIES, IMAGE_CATEGORIES
from tests import strategies
from tests.conftest import envelope
from tests.schema_check import validate_openapi, validate_sdk

INVALID_INPUT = (
    "'$.input' is invalid. Please check the API reference: "
    "https://platform.openai.com/docs/api-reference."
)
IMAGE = {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}
HYPOTHESIS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def post(http: Any, body: dict[str, Any]) -> Any:
    return http.post("/v1/moderations", json=body)


def checked(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    validate_sdk(ModerationCreateResponse, data)
    validate_openapi("CreateModerationResponse", data)
    assert list(data) == ["id", "model", "results"] and data["id"].startswith("modr-")
    for result in data["results"]:
        assert list(result) == ["flagged", "categories", "category_scores",
                                "category_applied_input_types"]  # fmt: skip
        for key in ("categories", "category_scores", "category_applied_input_types"):
            assert set(result[key]) == set(CATEGORIES)
    return data


def test_default_model_is_omni_and_echoed(openai_client: Any) -> None:
    r = openai_client.moderations.create(input="I want to kill you.")
    assert r.model == "omni-moderation-latest"
    result = r.results[0]
    assert result.flagged and result.categories.violence
    assert result.category_scores.violence > 0.5


@pytest.mark.parametrize(
    ("model", "echoed"),
    [("omni-moderation-latest", "omni-moderation-latest"),
     ("omni-moderation-2024-09-26", "omni-moderation-2024-09-26"),
     ("text-moderation-latest", "text-moderation-007"),
     ("text-moderation-stable", "text-moderation-007")],
)  # fmt: skip
def test_models_and_their_echo(mock_http: Any, model: str, echoed: str) -> None:
    data = checked(post(mock_http, {"model": model, "input": ["hello", "죽여버리겠다"]}))
    assert data["model"] == echoed
    ordinary, threat = data["results"]
    assert not ordinary["flagged"] and max(ordinary["category_scores"].values()) < 0.01
    assert threat["flagged"]


def test_multimodal_parts_give_one_result(mock_http: Any) -> None:
    body = {"input": [{"type": "text", "text": "a quiet afternoon"}, IMAGE]}
    (result,) = checked(post(mock_http, body))["results"]
    applied = result["category_applied_input_types"]
    for category in CATEGORIES:
        assert ("image" in applied[category]) == (category in IMAGE_CATEGORIES)
        assert "text" in applied[category]


@pytest.mark.parametrize(
    "value",
    [[], [1], ["a", {"type": "text", "text": "b"}], [{"type": "video", "url": "x"}],
     [{"type": "image_url", "image_url": "https://x"}], [{"type": "text"}]],
)  # fmt: skip
def test_malformed_input(mock_http: Any, value: Any) -> None:
    response = post(mock_http, {"input": value})
    assert response.status_code == 400 and envelope(response)["message"] == INVALID_INPUT


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "Expected a valid URL"),
        ("data:text/plain;base64,aGk=", "MIME type 'text/plain'"),
    ],
)
def test_an_image_url_that_is_no_image_url_is_refused(mock_http: Any, url: str, says: str) -> None:
    part = {"type": "image_url", "image_url": {"url": url}}
    response = post(mock_http, {"model": "omni-moderation-latest", "input": [IMAGE, part]})
    error = envelope(response)
    assert response.status_code == 400 and error["param"] == "input[1].image_url.url"
    assert (
        error["message"].startswith("Invalid 'input[1].image_url.url'.")
        and says in error["message"]
    )


def test_text_models_take_no_parts(mock_http: Any) -> None:
    response = post(mock_http, {"model": "text-moderation-latest", "input": [IMAGE]})
    assert envelope(response)["message"] == INVALID_INPUT


def test_errors_for_model_and_arguments(mock_http: Any) -> None:
    assert envelope(post(mock_http, {}))["message"] == "Missing required parameter: 'input'."
    wrong = post(mock_http, {"model": "gpt-4o", "input": "x"})
    assert wrong.status_code == 404
    unknown = post(mock_http, {"input": "x", "category": "violence"})
    assert envelope(unknown)["message"] == "Unrecognized request argument supplied: category"


@HYPOTHESIS
@given(
    batch=st.lists(st.text(max_size=30), min_size=1, max_size=4),
    model=st.sampled_from(["omni-moderation-latest", "text-moderation-latest"]),
)
def test_deterministic_and_consistent(mock_http: Any, batch: list[str], model: str) -> None:
    first = checked(post(mock_http, {"model": model, "input": batch}))
    again = post(mock_http, {"model": model, "input": batch}).json()
    assert first["results"] == again["results"] and len(first["results"]) == len(batch)
    for result in first["results"]:
        flags = [v for v in result["categories"].values() if v is not None]
        assert result["flagged"] == any(flags)
        assert all(0.0 <= s <= 1.0 for s in result["category_scores"].values())


json_values = strategies.json_values()


@HYPOTHESIS
@given(body=st.dictionaries(st.sampled_from(["input", "model", "bogus"]), json_values, max_size=3))
def test_no_5xx_for_generated_requests(mock_http: Any, body: dict[str, Any]) -> None:
    response = post(mock_http, body)
    assert response.status_code < 500, response.text
