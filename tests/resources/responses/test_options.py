"""The create parameters of today's SDK that tune how a response is served (access programs,
background options, context management, image options, moderation, prompt-cache options,
the ultrafast tier): accepted through the SDK, checked with the real errors, echoed on the
response object and acted on where that makes sense offline."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.responses import Response

from conformance.schemas import validate_sdk
from mockserver.testing import FROZEN_TIME
from tests.resources.responses.helpers import check_response, create
from tests.resources.responses.test_errors import error

LONG = " ".join(f"Sentence {k} of a long story about a lighthouse keeper." for k in range(120))


def test_access_programs_are_echoed_and_an_implicit_fallback_is_null(openai_client: Any) -> None:
    chosen = openai_client.responses.create(
        model="gpt-4o", input="Hi", access_programs={"cyber": "daybreak_blue"}
    )
    assert chosen.access_programs is not None and chosen.access_programs.cyber == "daybreak_blue"
    implicit = openai_client.responses.create(model="gpt-4o", input="Hi", access_programs={})
    assert implicit.access_programs is None


def test_access_programs_errors(mock_http: Any) -> None:
    wrong = error(mock_http, model="gpt-4o", input="Hi", access_programs={"cyber": "x"})
    assert wrong["param"] == "access_programs.cyber" and wrong["code"] == "invalid_value"
    unknown = error(mock_http, model="gpt-4o", input="Hi", access_programs={"bio": "x"})
    assert unknown["message"] == "Unknown parameter: 'access_programs.bio'."


def test_background_options_are_accepted_with_background(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-4o",
        input="Hi",
        background=True,
        background_options={"completion_window": "8h", "continuation_id": "batch-7"},
    )
    assert response.status == "queued" and response.background is True


def test_a_discounted_window_needs_background_standard_processing_and_no_stream(
    mock_http: Any,
) -> None:
    window = {"completion_window": "2h"}
    where = "background_options.completion_window"
    assert error(mock_http, model="gpt-4o", input="Hi", background_options=window)["param"] == where
    flex = error(
        mock_http,
        model="gpt-4o",
        input="Hi",
        background=True,
        service_tier="flex",
        background_options=window,
    )
    assert flex["param"] == where
    streamed = error(
        mock_http, model="gpt-4o", input="Hi", background=True, stream=True,
        background_options=window,
    )  # fmt: skip
    assert streamed["param"] == where
    soonest = {"completion_window": "soonest"}
    assert create(mock_http, model="gpt-4o", input="Hi", background_options=soonest)
    bad = error(mock_http, model="gpt-4o", input="Hi", background_options={"completion_window": 2})
    assert bad["code"] == "invalid_type"


def test_context_management_compacts_an_input_over_its_threshold(openai_client: Any) -> None:
    management = [{"type": "compaction", "compact_threshold": 1000}]
    over = openai_client.responses.create(model="gpt-4o", input=LONG, context_management=management)
    assert over.usage.input_tokens > 1000
    compaction, message = over.output
    assert compaction.type == "compaction" and compaction.id.startswith("cmp_")
    assert message.type == "message" and over.output_text
    # The compaction item stands for the context: a later request takes it as its input.
    later = openai_client.responses.create(
        model="gpt-4o",
        input=[compaction.model_dump(exclude_none=True), {"role": "user", "content": "And?"}],
    )
    assert later.usage.input_tokens > 1000
    under = openai_client.responses.create(
        model="gpt-4o", input="Hi", context_management=management
    )
    assert [item.type for item in under.output] == ["message"]


def test_context_management_streams_the_compaction_item(mock_http: Any) -> None:
    body = {
        "model": "gpt-4o",
        "input": LONG,
        "stream": True,
        "context_management": [{"type": "compaction", "compact_threshold": 1000}],
    }
    with mock_http.stream("POST", "/v1/responses", json=body) as response:
        text = "".join(response.iter_text())
    assert '"type":"compaction"' in text.replace(" ", "")


def test_context_management_errors(mock_http: Any) -> None:
    low = error(
        mock_http, model="gpt-4o", input="Hi",
        context_management=[{"type": "compaction", "compact_threshold": 999}],
    )  # fmt: skip
    assert low["param"] == "context_management[0].compact_threshold"
    assert low["code"] == "integer_below_min_value"
    kind = error(mock_http, model="gpt-4o", input="Hi", context_management=[{"type": "trim"}])
    assert kind["param"] == "context_management[0].type"
    missing = error(mock_http, model="gpt-4o", input="Hi", context_management=[{}])
    assert missing["code"] == "missing_required_parameter"
    empty = error(mock_http, model="gpt-4o", input="Hi", context_management=[])
    assert empty["code"] == "empty_array"


def test_image_options_echo_the_effective_policy(openai_client: Any) -> None:
    auto = openai_client.responses.create(
        model="gpt-4o", input="Hi", image={"context_compression": "auto"}
    )
    assert auto.image is not None and auto.image.context_compression == "disabled"
    enabled = openai_client.responses.create(
        model="gpt-4o", input="Hi", image={"context_compression": "enabled"}
    )
    assert enabled.image is not None and enabled.image.context_compression == "enabled"


def test_image_option_errors(mock_http: Any) -> None:
    wrong = error(mock_http, model="gpt-4o", input="Hi", image={"context_compression": "max"})
    assert wrong["param"] == "image.context_compression"
    assert error(mock_http, model="gpt-4o", input="Hi", image="auto")["code"] == "invalid_type"


def test_moderation_scores_the_input_and_the_output(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-4o", input="I want to kill you.", moderation={"model": "omni-moderation-latest"}
    )
    moderation = response.moderation
    assert moderation is not None
    assert moderation.input.type == "moderation_result" and moderation.input.flagged
    assert moderation.input.categories["violence"] is True
    assert moderation.output.type == "moderation_result" and not moderation.output.flagged
    assert response.status == "completed" and response.output_text


def test_a_blocking_moderation_policy_withholds_a_flagged_response(mock_http: Any) -> None:
    policy = {"input": {"mode": "block"}, "output": {"mode": "score"}}
    body = create(
        mock_http,
        model="gpt-4o",
        input="I want to kill you.",
        moderation={"model": "text-moderation-latest", "policy": policy},
    )
    assert body["status"] == "incomplete" and body["output"] == []
    assert body["incomplete_details"] == {"reason": "content_filter"}
    # A text model does not judge every category: only those it judges are listed.
    assert body["moderation"]["input"]["model"] == "text-moderation-007"
    assert "illicit" not in body["moderation"]["input"]["categories"]
    calm = create(
        mock_http, model="gpt-4o", input="Hi", moderation={"model": "omni-moderation-latest",
                                                         "policy": policy},
    )  # fmt: skip
    assert calm["status"] == "completed"


def test_moderation_errors(mock_http: Any) -> None:
    assert error(mock_http, model="gpt-4o", input="Hi", moderation={})["param"] == (
        "moderation.model"
    )
    chat = error(mock_http, model="gpt-4o", input="Hi", moderation={"model": "gpt-4o"})
    assert chat["param"] == "moderation.model"
    unknown = error(mock_http, 404, model="gpt-4o", input="Hi", moderation={"model": "nope"})
    assert unknown["code"] == "model_not_found"
    mode = error(
        mock_http, model="gpt-4o", input="Hi",
        moderation={"model": "omni-moderation-latest", "policy": {"input": {"mode": "warn"}}},
    )  # fmt: skip
    assert mode["param"] == "moderation.policy.input.mode"


def test_prompt_cache_options_are_echoed_with_their_defaults(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-5.6-sol", input="Hi", prompt_cache_options={"ttl": "12h"}
    )
    options = response.prompt_cache_options
    assert options is not None and options.ttl == "12h" and options.mode == "implicit"
    assert response.prompt_cache_diagnostics is None


def test_prompt_cache_prewarm_makes_no_output(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-4o", input="Hi", prompt_cache_options={"prewarm": True}
    )
    assert response.status == "completed" and response.output == []
    assert response.usage.output_tokens == 0 and response.usage.input_tokens > 0


def test_prompt_cache_diagnostics_compare_with_a_stored_response(openai_client: Any) -> None:
    first = openai_client.responses.create(model="gpt-4o", input="Hi", prompt_cache_key="k")
    options = {"comparison_response_id": first.id}
    hit = openai_client.responses.create(
        model="gpt-4o",
        input="More",
        previous_response_id=first.id,
        prompt_cache_key="k",
        prompt_cache_options=options,
    )
    assert hit.prompt_cache_diagnostics is not None
    assert hit.prompt_cache_diagnostics.type == "cache_hit"
    assert hit.prompt_cache_options is not None
    assert hit.prompt_cache_options.comparison_response_id == first.id
    miss = openai_client.responses.create(
        model="gpt-4o", input="Hi", prompt_cache_key="other", prompt_cache_options=options
    )
    diagnostics = miss.prompt_cache_diagnostics
    assert diagnostics is not None and diagnostics.type == "cache_miss"
    assert diagnostics.reason == "prompt_cache_key_changed"
    assert diagnostics.cache_missed_tokens == miss.usage.input_tokens
    changed = openai_client.responses.create(
        model="gpt-4o", input="Bye", prompt_cache_key="k", prompt_cache_options=options
    )
    assert changed.prompt_cache_diagnostics.reason == "input_changed"
    gone = openai_client.responses.create(
        model="gpt-4o", input="Hi", prompt_cache_options={"comparison_response_id": "resp_x"}
    )
    assert gone.prompt_cache_diagnostics.type == "comparison_response_not_found"


def test_prompt_cache_option_errors(mock_http: Any) -> None:
    ttl = error(mock_http, model="gpt-4o", input="Hi", prompt_cache_options={"ttl": "1h"})
    assert ttl["param"] == "prompt_cache_options.ttl"
    mode = error(mock_http, model="gpt-4o", input="Hi", prompt_cache_options={"mode": "none"})
    assert mode["param"] == "prompt_cache_options.mode"
    prewarm = error(mock_http, model="gpt-4o", input="Hi", prompt_cache_options={"prewarm": 1})
    assert prewarm["code"] == "invalid_type"
    extra = error(mock_http, model="gpt-4o", input="Hi", prompt_cache_options={"x": 1})
    assert extra["message"] == "Unknown parameter: 'prompt_cache_options.x'."


@pytest.mark.parametrize("retention", ["in_memory", "24h"])
def test_prompt_cache_retention_is_echoed(openai_client: Any, retention: str) -> None:
    response = openai_client.responses.create(
        model="gpt-4o", input="Hi", prompt_cache_retention=retention
    )
    assert response.prompt_cache_retention == retention


def test_the_ultrafast_tier_is_served_as_itself(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-5.6-sol", input="Hi", service_tier="ultrafast"
    )
    assert response.service_tier == "ultrafast" and response.created_at == FROZEN_TIME


def test_hosted_tools_report_their_usage(openai_client: Any) -> None:
    response = openai_client.responses.create(
        model="gpt-4o", input="What is new in astronomy?", tools=[{"type": "web_search"}]
    )
    assert response.tool_usage is not None
    assert response.tool_usage.web_search.num_requests == 1
    assert response.tool_usage.image_gen.total_tokens == 0
    plain = openai_client.responses.create(model="gpt-4o", input="Hi")
    assert plain.tool_usage is None


def test_every_option_at_once_validates_against_the_schemas(mock_http: Any) -> None:
    body = create(
        mock_http,
        model="gpt-5.6-sol",
        input="Hi",
        access_programs={"cyber": "standard"},
        background_options={"completion_window": "soonest"},
        context_management=[{"type": "compaction"}],
        image={"context_compression": "disabled"},
        moderation={"model": "omni-moderation-latest", "policy": {"output": None}},
        prompt_cache_options={"mode": "explicit", "ttl": "30m"},
        prompt_cache_retention="24h",
        safety_identifier="u" * 64,
        top_logprobs=3,
        include=["message.output_text.logprobs"],
    )
    check_response(body)
    assert len(body["output"][0]["content"][0]["logprobs"][0]["top_logprobs"]) == 3


def test_diagnostics_tool_usage_and_a_long_ttl_validate_strictly(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input="Hi")
    body = create(
        mock_http,
        model="gpt-4o",
        input="What is new in astronomy?",
        tools=[{"type": "web_search"}],
        # The SDK has the 12h lifetime; the OpenAPI description predates it.
        prompt_cache_options={"comparison_response_id": first["id"], "ttl": "30m"},
    )
    assert body["prompt_cache_diagnostics"]["type"] == "cache_miss"
    assert body["tool_usage"]["web_search"] == {"num_requests": 1}
    long = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "prompt_cache_options": {"ttl": "12h"}},
    ).json()
    validate_sdk(Response, long, allow_extra=("store",))
