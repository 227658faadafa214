"""Reading a request: defaults, budgets, service tier and the tool-definition token cost."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.catalogue import Catalogue
from mockserver.http.errors import APIError
from mockserver.llm import tool_tokens
from mockserver.resources.chat.render import fingerprint
from mockserver.resources.chat.request import SPEC, parse
from tests.resources.chat.helpers import WEATHER_TOOL

CATALOGUE = Catalogue.load()
USER = [{"role": "user", "content": "Hello!"}]


def test_defaults_and_budget() -> None:
    req = parse({"model": "gpt-4", "messages": USER}, CATALOGUE.get("gpt-4"), 5)
    call = req.call
    assert call.seed == 5 and call.n == 1 and call.tool_choice == "none"
    assert call.budget == min(8192, 8192 - call.prompt_tokens)
    assert req.include_obfuscation and not req.include_usage
    assert call.asked == "gpt-4" and call.model.responds_as == "gpt-4-0613"
    assert call.conversation.last_user_text == "Hello!"
    assert call.reasoning_effort is None


def test_request_seed_and_service_tier_win() -> None:
    body = {"model": "gpt-4o", "messages": USER, "seed": 9, "service_tier": "fast",
            "tools": [WEATHER_TOOL], "max_completion_tokens": 10}  # fmt: skip
    req = parse(body, CATALOGUE.get("gpt-4o"), 5)
    call = req.call
    assert call.seed == 9 and req.service_tier == "priority" and call.tool_choice == "auto"
    assert call.budget == 10
    tools = tool_tokens.prompt_tokens([WEATHER_TOOL], USER, "auto", "o200k_base")
    assert call.prompt_tokens > tools > 0


def test_a_reasoning_model_spends_the_default_effort() -> None:
    req = parse({"model": "o3", "messages": USER}, CATALOGUE.get("o3"), 0)
    assert req.call.reasoning_effort == "medium"


def test_the_parsed_request_does_not_keep_the_raw_body() -> None:
    req = parse({"model": "gpt-4o", "messages": USER}, CATALOGUE.get("gpt-4o"), 0)
    assert not hasattr(req, "body") and not hasattr(req.call, "body")


def test_system_messages_are_refused_where_the_family_refuses_them() -> None:
    body = {"model": "o1-mini", "messages": [{"role": "system", "content": "Be brief."}, *USER]}
    with pytest.raises(APIError) as info:
        parse(body, CATALOGUE.get("o1-mini"), 0)
    assert info.value.code == "unsupported_value" and info.value.param == "messages[0].role"


def test_fingerprint_is_stable_per_model_and_seed() -> None:
    assert fingerprint(0, "gpt-4o") == fingerprint(0, "gpt-4o")
    assert fingerprint(0, "gpt-4o") != fingerprint(1, "gpt-4o")
    assert fingerprint(0, "gpt-4o") != fingerprint(0, "gpt-4o-mini")
    assert len(fingerprint(0, "gpt-4o")) == len("fp_") + 10


@pytest.mark.parametrize(
    ("message", "param", "code"),
    [
        ({"role": "robot", "content": "Hi"}, "messages[1].role", "invalid_value"),
        ({"role": 7, "content": "Hi"}, "messages[1].role", "invalid_type"),
        ({"role": ["user"], "content": "Hi"}, "messages[1].role", "invalid_type"),
        ({"role": "user", "content": 7}, "messages[1].content", "invalid_type"),
        ({"role": "user", "content": {"text": "Hi"}}, "messages[1].content", "invalid_type"),
    ],
)
def test_a_wrong_role_or_content_is_refused_naming_it(
    message: dict[str, object], param: str, code: str
) -> None:
    # Roles and string contents that pass skip the generic check: the others still get it.
    body = {"model": "gpt-4o", "messages": [*USER, message]}
    with pytest.raises(APIError) as info:
        parse(body, CATALOGUE.get("gpt-4o"), 0)
    assert info.value.param == param and info.value.code == code


def _read(body: dict[str, Any], model: str) -> tuple[Any, ...]:
    """A parsed request as plain values (a Conversation compares by identity: its messages)."""
    req = parse(body, CATALOGUE.get(model), 3)
    call = req.call._replace(conversation=req.call.conversation.messages)
    return tuple(req._replace(call=call))


PLAIN_EXTRAS = [
    {},
    {"stream": True},
    {"store": True, "user": "u-1"},
    {"stream": False, "safety_identifier": "s", "prompt_cache_key": "k", "store": None},
]


@pytest.mark.parametrize("extra", PLAIN_EXTRAS)
@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4", "o3", "gpt-5", "o1-mini"])
def test_a_body_without_options_reads_as_every_option_left_null(
    model: str, extra: dict[str, Any]
) -> None:
    # A body of model and messages (and flags or strings nothing checks further) skips the
    # options' checks and reads their defaults: the same request as one naming every other
    # option as null, which takes the path that looks at each of them.
    messages = [{"role": "user", "content": "What is supervised learning?"}]
    body = {"model": model, "messages": messages, **extra}
    nulls = {name: None for name in SPEC if name not in body}
    assert _read(body, model) == _read({**body, **nulls}, model)
