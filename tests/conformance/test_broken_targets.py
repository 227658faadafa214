"""A check that cannot fail is a defect: each planted fault makes its check fail, and the same
check passes against the mock itself (so the fault, nothing else, is what it caught)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import (
    test_chat,
    test_chat_stream,
    test_chat_tools,
    test_completions,
    test_embeddings,
    test_errors,
    test_files,
    test_fine_tuning,
    test_models,
    test_properties,
)
from conformance.budget import Budget
from conformance.report import NOT_SERVED
from conformance.target import NotServed, Target, asgi_target

from . import broken
from .run import rows_of, run_suite

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "errors"


def case(name: str) -> Callable[[Target], None]:
    data = json.loads((CATALOGUE / f"{name}.json").read_text(encoding="utf-8"))

    def check(target: Target) -> None:
        test_errors.check_case(target, data)

    check.__name__ = f"error case {name}"
    return check


FAULTS: list[tuple[Any, Callable[[Target], None], str]] = [
    (broken.drop_usage, test_chat.test_chat_completion_shape, "missing key(s) ['usage']"),
    (broken.wrong_total, test_chat.test_usage_arithmetic_and_counts, "total_tokens"),
    (
        broken.extra_key,
        test_chat.test_chat_completion_shape,
        "unknown key(s) ['reasoning_content']",
    ),
    (broken.ignores_max_tokens, test_chat.test_length_exactly_at_max_tokens, "stop"),
    (broken.event_lines, test_chat_stream.test_stream_framing_and_chunks, "data-only"),
    (broken.no_done, test_chat_stream.test_stream_framing_and_chunks, "expected [DONE]"),
    (broken.no_role_first, test_chat_stream.test_stream_framing_and_chunks, "no role"),
    (broken.usage_chunk_with_choices, test_chat_stream.test_include_usage_chunk, "has choices"),
    (
        broken.broken_tool_arguments,
        test_chat_tools.test_streamed_tool_call_assembles_to_valid_json,
        "not JSON",
    ),
    (
        broken.tools_counted_as_json,
        test_chat_tools.test_tool_definitions_cost_what_the_real_api_charges,
        "prompt_tokens 100",
    ),
    (broken.ok_for_bad_request, case("chat_temperature_above_max"), "status 200, expected 400"),
    (broken.wrong_envelope, case("auth_missing_key"), "expected exactly ['error']"),
    (broken.unmasked_wrong_key, case("auth_wrong_key"), "does not match"),
    (broken.wrong_key_accepted, case("auth_wrong_key"), "status 200, expected 401"),
    (
        broken.server_error_for_bad_input,
        test_properties.test_invalid_chat_requests_get_a_4xx_envelope,
        ": 500",
    ),
    (broken.no_request_id, test_models.test_request_id_header, "no x-request-id header"),
    (broken.unnormalised_embedding, test_embeddings.test_embedding_shape_and_norm, "norm"),
    (broken.base64_mismatch, test_embeddings.test_base64_equals_floats, "base64 vector differs"),
    (broken.altered_file_content, test_files.test_file_round_trip, "not the bytes uploaded"),
    (broken.hands_back_user_data, test_files.test_user_data_content_is_not_handed_back, "200"),
    (broken.delete_keeps_file, test_files.test_file_round_trip, "status 200, expected 404"),
    (
        broken.jsonl_not_checked,
        test_files.test_fine_tune_file_names_its_first_bad_line,
        "status 200, expected 400",
    ),
    (broken.jsonl_not_checked, test_files.test_batch_file_needs_a_jsonl_name, "status 200"),
    (
        broken.parts_in_arrival_order,
        test_files.test_upload_joins_parts_in_the_order_given,
        "in the order given",
    ),
    (broken.job_never_succeeds, test_fine_tuning.test_fine_tune_poll_chat_delete, "never"),
    (
        broken.any_fine_tuned_model_answers,
        test_fine_tuning.test_a_fine_tuned_model_no_job_made_is_a_404,
        "status 200, expected 404",
    ),
    (
        broken.any_fine_tuned_model_answers,
        test_fine_tuning.test_fine_tune_poll_chat_delete,
        "status 200, expected 404",
    ),
    (
        broken.any_model_fine_tunes,
        test_fine_tuning.test_a_model_that_cannot_be_fine_tuned_is_refused,
        "status 200, expected 400",
    ),
    (
        broken.any_model_fine_tunes,
        test_fine_tuning.test_a_training_file_must_exist,
        "status 200, expected 400",
    ),
    (
        broken.any_job_id_answers,
        test_fine_tuning.test_an_unknown_job_is_a_404,
        "status 200, expected 404",
    ),
    (
        broken.cancel_ignored,
        test_fine_tuning.test_a_cancelled_job_stays_cancelled_and_makes_no_model,
        "running",
    ),
    (broken.event_without_level, test_fine_tuning.test_fine_tune_poll_chat_delete, "level"),
]


@pytest.fixture(scope="module")
def mock_target() -> Iterator[Target]:
    with asgi_target(
        broken.mock_app(), key=broken.KEY, budget=Budget(1.0, enforced=False), label="mock"
    ) as target:
        yield target


def faulty_target(fault: Any, inner: Any = None) -> Any:
    return asgi_target(
        broken.faulty(fault, inner),
        key=broken.KEY,
        budget=Budget(1.0, enforced=False),
        label="broken",
    )


@pytest.mark.parametrize(("fault", "check", "needle"), FAULTS, ids=[f[0].__name__ for f in FAULTS])
def test_planted_fault_fails_its_check(
    mock_target: Target, fault: Any, check: Callable[[Target], None], needle: str
) -> None:
    check(mock_target)  # the control: passes against the mock
    with faulty_target(fault) as target, pytest.raises(AssertionError) as failure:
        check(target)
    assert needle in str(failure.value), f"failed for another reason: {failure.value}"


def test_every_fault_is_exercised() -> None:
    planted = {
        f.__name__ for f in vars(broken).values() if getattr(f, "__module__", "") == broken.__name__
    }
    planted -= {"on_chat", "mock_app", "any_key_mock_app", "faulty", "Exchange"}
    planted -= {"faulty_drop_usage", "faulty_completions_not_served"}
    used = {f[0].__name__ for f in FAULTS}
    used |= {"chat_not_served", "not_the_mock", "completions_not_served"}
    assert planted == used, sorted(planted ^ used)


def test_invalid_url_is_reported_as_not_served() -> None:
    with (
        faulty_target(broken.chat_not_served) as target,
        pytest.raises(NotServed, match="not served"),
    ):
        test_chat.test_chat_completion_shape(target)


def test_the_wrapper_alone_changes_nothing(mock_target: Target) -> None:
    with faulty_target(lambda ex: None) as target:
        test_chat_stream.test_stream_framing_and_chunks(target)
        assert target.is_mock  # the wrapped mock still answers its control API


# --- an endpoint the target does not serve, in its own words ---------------------------------


def test_fastapi_404s_make_every_check_of_the_endpoint_not_served(mock_target: Target) -> None:
    checks: list[Callable[[Target], None]] = [
        test_completions.test_completion_shape,
        case("completions_missing_model"),  # a 400 expected: the 404 is not its answer
        case("completions_chat_model"),  # a 404 expected: but the endpoint is not served
    ]
    for check in checks:
        check(mock_target)  # the control: passes against the mock
    with faulty_target(broken.completions_not_served) as target:
        for check in checks:
            with pytest.raises(NotServed, match=r"not served: 404 Not Found \(POST"):
                check(target)
        case("chat_unknown_model")(target)  # a served endpoint's own 404 is still judged


@pytest.mark.slow
def test_an_endpoint_answering_fastapi_404s_is_one_not_served_row(tmp_path: Path) -> None:
    result, data = run_suite(
        tmp_path / "report", "--app", "tests.conformance.broken:faulty_completions_not_served()"
    )
    rows = rows_of(data, "/v1/completions")
    assert [(r["feature"], r["status"]) for r in rows] == [("served", NOT_SERVED)], rows
    assert rows[0]["reason"] == "not served: 404 Not Found (POST /v1/completions)"
    assert rows[0]["failed"] == 0 and rows[0]["not_served"] > 1
    assert data["summary"]["fail"] == 0, [r for r in data["rows"] if r["status"] == "fail"]
    assert result.returncode == 0, result.stdout[-3000:]


# --- the wrong-key check ---------------------------------------------------------------------


def test_wrong_key_check_passes_on_the_mock_as_make_serve_starts_it() -> None:
    with asgi_target(
        broken.any_key_mock_app(), key=broken.KEY, budget=Budget(1.0, enforced=False), label="mock"
    ) as target:
        assert target.is_mock
        case("auth_wrong_key")(target)
        # afterwards the mock takes any key again
        assert target.get("/models", key="sk-wrong-conformance-key-0000").status_code == 200
        assert target.get("/__mock__/keys").json()["restricted"] is False


def test_wrong_key_check_fails_for_a_server_that_takes_any_key() -> None:
    with faulty_target(broken.not_the_mock, broken.any_key_mock_app()) as target:
        assert not target.is_mock  # so the suite cannot (and does not) restrict its keys
        with pytest.raises(AssertionError, match="status 200, expected 401"):
            case("auth_wrong_key")(target)
