from __future__ import annotations

import pytest

from mockserver.http import errors
from mockserver.state.faults import FaultPlans, parse_fault_header, parse_plan


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("429", "429"),
        ("500", "500"),
        (" 503 ", "503"),
        ("timeout", "timeout"),
        ("DISCONNECT", "disconnect"),
        ("slow", "slow"),
    ],
)
def test_header_values(value: str, kind: str) -> None:
    fault = parse_fault_header(value)
    assert fault is not None and fault.kind == kind


def test_header_arguments_and_unknown_values() -> None:
    timeout = parse_fault_header("timeout=0.25")
    assert timeout is not None and timeout.delay == 0.25
    limited = parse_fault_header("429=7")
    assert limited is not None and limited.retry_after == 7
    cut = parse_fault_header("disconnect=4")
    assert cut.after == 4 and cut.delay is None
    slow = parse_fault_header("slow=0.2")
    assert slow.delay == 0.2 and slow.after is None
    for bad in (
        "418",
        "rate_limit",
        "timeout=abc",
        "timeout=nan",
        "timeout=-1",
        "500=2",
        "slow=-1",
    ):
        with pytest.raises(errors.APIError) as info:
            parse_fault_header(bad)
        assert info.value.status == 400 and info.value.param == "X-Mock-Fault"
    with pytest.raises(errors.APIError) as unknown:
        parse_fault_header("418")
    assert unknown.value.message == (
        "Invalid value: '418'. Supported values are: '429', '500', '503', 'timeout', "
        "'disconnect', and 'slow'."
    )


def test_plans_match_path_and_method_and_run_out() -> None:
    plans = FaultPlans()
    plans.arm(parse_plan({"path": "/v1/models", "method": "get", "status": 500, "times": 2}))
    assert plans.take("POST", "/v1/models") is None
    assert plans.take("GET", "/v1/embeddings") is None
    first, second = plans.take("GET", "/v1/models"), plans.take("GET", "/v1/models")
    assert first is not None and second is not None and first.kind == "500"
    assert plans.take("GET", "/v1/models") is None
    assert plans.list() == []


def test_a_plan_without_path_matches_everything_until_reset() -> None:
    plans = FaultPlans()
    plans.arm(parse_plan({"fault": "503", "times": 100}))
    assert plans.take("POST", "/v1/chat/completions") is not None
    plans.reset()
    assert plans.take("POST", "/v1/chat/completions") is None


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"status": 404},
        {"status": 429, "times": 0},
        {"status": 429, "retry_after": -1},
        {"status": 429, "delay": "x"},
        {"fault": "disconnect", "after": -1},
        {"fault": "disconnect", "after": True},
    ],
)
def test_bad_plans_are_api_errors(body: object) -> None:
    with pytest.raises(errors.APIError) as info:
        parse_plan(body)
    assert info.value.status == 400


def test_plans_carry_the_websocket_arguments() -> None:
    plan = parse_plan({"fault": "disconnect", "after": 5, "path": "/v1/responses"})
    assert plan.fault.after == 5
    assert plan.to_api()["after"] == 5
    assert parse_plan({"fault": "slow", "delay": 0.1}).fault.delay == 0.1
