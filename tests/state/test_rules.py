from __future__ import annotations

import pytest

from mockserver.http import errors
from mockserver.state.rules import Rules, parse_rule


def test_first_match_wins_and_conditions_all_hold() -> None:
    rules = Rules(
        [
            {"match": {"model": "gpt-4o", "contains": "weather"}, "reply": {"content": "sunny"}},
            {"match": {"regex": "(?i)weather"}, "reply": {"content": "any model"}},
        ]
    )
    first = rules.first_match(endpoint="chat.completions", model="gpt-4o", text="the weather?")
    assert first is not None and first.reply == {"content": "sunny"}
    second = rules.first_match(endpoint="chat.completions", model="gpt-4", text="WEATHER")
    assert second is not None and second.reply == {"content": "any model"}
    assert rules.first_match(endpoint="chat.completions", model="gpt-4", text="hello") is None


def test_tools_condition_and_runtime_rules_come_first() -> None:
    rules = Rules([{"match": {"tools": True}, "reply": {"content": "configured"}}])
    assert rules.first_match(endpoint="e", model="m", text="", has_tools=False) is None
    rules.add({"match": {}, "reply": {"content": "added"}})
    found = rules.first_match(endpoint="e", model="m", text="", has_tools=True)
    assert found is not None and found.reply == {"content": "added"}


def test_scripted_error_raises_the_envelope_fields() -> None:
    rule = parse_rule(
        {
            "match": {},
            "error": {
                "status": 429,
                "message": "slow down",
                "type": "requests",
                "code": "rate_limit_exceeded",
            },
        }
    )
    with pytest.raises(errors.APIError) as info:
        rule.raise_error()
    assert (info.value.status, info.value.type, info.value.code) == (
        429,
        "requests",
        "rate_limit_exceeded",
    )


@pytest.mark.parametrize(
    "raw",
    [
        {"match": {"nope": 1}, "reply": {}},
        {"match": {}},
        {"match": {}, "reply": {"content": "x"}, "error": {"status": 400}},
        "not a rule",
    ],
)
def test_malformed_rules_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_rule(raw)
