"""What each family accepts, from the catalogue's facts: reasoning efforts and their defaults,
sampling at effort ``none``, and chat's refusal of function tools while a new model reasons."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.catalogue import Catalogue
from mockserver.http.errors import APIError
from mockserver.llm.family import Sampling, check_sampling, reasoning_effort
from tests.conftest import envelope
from tests.resources.chat.helpers import WEATHER_TOOL

CATALOGUE = Catalogue.load()
USER = [{"role": "user", "content": "What's the weather like in Boston today?"}]


def _refusal(model: str, sampling: Sampling) -> APIError:
    with pytest.raises(APIError) as info:
        check_sampling(sampling, CATALOGUE.get(model), model)
    return info.value


@pytest.mark.parametrize(
    ("model", "effort"),
    [("o3", "medium"), ("gpt-5", "medium"), ("gpt-5.1", "none"), ("gpt-5.4", "none")],
)
def test_each_family_spends_its_default_effort(model: str, effort: str) -> None:
    assert reasoning_effort(Sampling(), CATALOGUE.get(model)) == effort
    assert reasoning_effort(Sampling(), CATALOGUE.get("gpt-4o")) is None


def test_an_effort_the_family_does_not_list_is_the_real_400() -> None:
    error = _refusal("gpt-5.1", Sampling(reasoning_effort="minimal"))
    assert (error.param, error.code) == ("reasoning_effort", "unsupported_value")
    assert error.message == (
        "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported "
        "values are: 'none', 'low', 'medium', and 'high'."
    )
    assert _refusal("o1-mini", Sampling(reasoning_effort="low")).code == "unsupported_parameter"
    assert _refusal("gpt-4o", Sampling(reasoning_effort="low")).code == "unsupported_parameter"


def test_sampling_is_allowed_at_effort_none_only_where_the_family_allows_it() -> None:
    check_sampling(Sampling(temperature=0.2), CATALOGUE.get("gpt-5.1"), "gpt-5.1")
    error = _refusal("gpt-5.1", Sampling(temperature=0.2, reasoning_effort="high"))
    assert (error.param, error.code) == ("temperature", "unsupported_value")
    assert _refusal("gpt-5", Sampling(temperature=0.2)).param == "temperature"
    assert _refusal("o3", Sampling(max_tokens=10)).param == "max_tokens"


def test_gpt_6_astra_the_sdk_examples_model_answers(openai_client: Any) -> None:
    completion = openai_client.chat.completions.create(model="gpt-6-astra", messages=USER)
    assert completion.choices[0].message.content
    details = completion.usage.completion_tokens_details
    assert details.reasoning_tokens > 0  # it reasons at its default effort


def test_new_families_refuse_function_tools_while_reasoning_on_chat(mock_http: Any) -> None:
    body: dict[str, Any] = {"model": "gpt-6-astra", "messages": USER, "tools": [WEATHER_TOOL]}
    refused = mock_http.post("/v1/chat/completions", json=body)
    assert refused.status_code == 400
    assert envelope(refused) == {
        "message": "Function tools with reasoning_effort are not supported for gpt-6-astra in "
        "/v1/chat/completions. To use function tools, use /v1/responses or set "
        "reasoning_effort to 'none'.",
        "type": "invalid_request_error",
        "param": "reasoning_effort",
        "code": None,
    }
    at_none = {**body, "model": "gpt-5.4"}  # its default effort is none
    assert mock_http.post("/v1/chat/completions", json=at_none).status_code == 200
