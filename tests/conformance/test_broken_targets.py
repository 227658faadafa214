"""A check that cannot fail is a defect: each planted fault makes its check fail, and the same
check passes against the mock itself (so the fault, nothing else, is what it caught)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import (
    test_assistants,
    test_audio,
    test_batches,
    test_chat,
    test_chat_stream,
    test_chat_tools,
    test_completions,
    test_containers,
    test_conversations,
    test_embeddings,
    test_errors,
    test_files,
    test_fine_tuning,
    test_images,
    test_models,
    test_properties,
    test_realtime,
    test_responses,
    test_responses_socket,
    test_vector_stores,
)
from conformance.budget import Budget
from conformance.report import NOT_SERVED
from conformance.target import NotServed, Target, asgi_target

from . import broken
from .run import rows_of, run_suite

stored = test_vector_stores.standalone
CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "errors"


def case(name: str) -> Callable[[Target], None]:
    data = json.loads((CATALOGUE / f"{name}.json").read_text(encoding="utf-8"))

    def check(target: Target) -> None:
        test_errors.check_case(target, data)

    check.__name__ = f"error case {name}"
    return check


def audio_check(name: str, fmt: str) -> Callable[[Target], None]:
    """A parametrised audio check, for one format."""
    test = getattr(test_audio, name)

    def check(target: Target) -> None:
        test(target, fmt)

    check.__name__ = f"{name}[{fmt}]"
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
    (
        broken.responses_server_error_for_bad_input,
        test_properties.test_invalid_responses_requests_get_a_4xx_envelope,
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
    (
        broken.search_unranked,
        stored(test_vector_stores.test_search_ranks_the_document_sharing_the_query_s_words_first),
        "expected conformance-rockets.md",
    ),
    (
        broken.scores_above_one,
        stored(test_vector_stores.test_search_ranks_the_document_sharing_the_query_s_words_first),
        "score",  # the spec's maximum of 1 says it first where the spec is given
    ),
    (
        broken.search_filters_ignored,
        stored(test_vector_stores.test_search_filters_on_attributes),
        "returned other files",
    ),
    (
        broken.unsupported_file_completes,
        stored(test_vector_stores.test_unsupported_file_fails_alone_with_the_real_last_error),
        "expected failed",
    ),
    (
        broken.file_counts_off,
        stored(test_vector_stores.test_store_of_three_documents_is_processed),
        "expected 3 completed of 3",
    ),
    (
        broken.content_unparsed,
        stored(test_vector_stores.test_store_of_three_documents_is_processed),
        "the parsed text is not the document's",
    ),
    (broken.delete_keeps_store, test_vector_stores.test_deleted_store_is_gone, "expected 404"),
    (broken.container_not_listed, test_containers.test_create_list_retrieve_delete, "not listed"),
    (
        broken.batch_without_request_counts,
        test_batches.test_create_list_and_cancel,
        "missing required key(s) ['request_counts']",
    ),
    (broken.batch_not_listed, test_batches.test_create_list_and_cancel, "not listed"),
    (broken.batch_output_renumbered, test_batches.test_batch_runs_to_completion, "request-1"),
    (
        broken.cancel_of_finished_batch_accepted,
        test_batches.test_batch_runs_to_completion,
        "status 200, expected 409",
    ),
    (
        broken.batch_output_rewritten,
        test_batches.test_output_body_is_the_endpoint_s_answer,
        "not the answer",
    ),
    (broken.batch_errors_without_lines, test_batches.test_bad_lines_fail_the_batch, "'line': None"),
    (broken.batch_window_accepted, case("batches_completion_window"), "status 200, expected 400"),
    (broken.responses_prompt_not_served, case("responses_unknown_prompt"), "expected 404"),
    (
        broken.responses_hosted_tool_unchecked,
        case("responses_code_interpreter_without_container"),
        "status 200, expected 400",
    ),
    (
        broken.assistant_without_defaults,
        test_assistants.test_seed_create_gives_every_field,
        "missing",
    ),
    (broken.assistant_modify_drops_fields, test_assistants.test_round_trip, "Be brief"),
    (broken.assistant_delete_keeps, test_assistants.test_round_trip, "status 200, expected 404"),
    (broken.assistants_oldest_first, test_assistants.test_list_pages_newest_first, "asst_"),
    (broken.beta_header_ignored, test_assistants.test_the_beta_header_is_required, "status 200"),
    (
        broken.answer_ignores_tool_output,
        test_assistants.test_function_run_requires_action_then_answers_with_the_output,
        "does not use the tool's output",
    ),
    (
        broken.run_skips_requires_action,
        test_assistants.test_function_run_requires_action_then_answers_with_the_output,
        "expected requires_action",
    ),
    (
        broken.assistant_stream_without_events,
        test_assistants.test_run_stream_is_the_typed_event_sequence,
        "without its event line",
    ),
    (
        broken.cites_the_wrong_file,
        test_assistants.test_file_search_cites_the_right_file,
        "expected only tides.txt",
    ),
    (broken.responses_wrong_total, test_responses.test_response_shape, "total_tokens"),
    (
        broken.responses_extra_key,
        test_responses.test_response_shape,
        "unknown key(s) ['finish_reason']",
    ),
    (
        broken.responses_ignore_max_output_tokens,
        test_responses.test_max_output_tokens_makes_it_incomplete,
        "expected incomplete",
    ),
    (
        broken.responses_forget_previous,
        test_responses.test_function_call_round_trip,
        "not counted as input",
    ),
    (
        broken.responses_delete_keeps,
        test_responses.test_retrieve_input_items_and_delete,
        "status 200, expected 404",
    ),
    (
        broken.responses_cancel_anything,
        test_responses.test_cancel_refuses_a_synchronous_response,
        "status 200, expected 400",
    ),
    (
        broken.responses_stream_unnumbered,
        test_responses.test_stream_events_are_typed_numbered_and_end_with_the_response,
        "sequence_number not consecutive",
    ),
    (
        broken.responses_citations_past_the_text,
        test_responses.test_web_search_calls_the_tool_and_cites_urls_inside_the_text,
        "outside the text",
    ),
    (
        broken.responses_code_without_logs,
        test_responses.test_code_interpreter_runs_code_and_logs_its_output,
        "do not show 56088",
    ),
    (
        broken.conversation_not_extended,
        test_conversations.test_a_response_reads_and_extends_its_conversation,
        "not its item, then the response's input",
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
    (
        broken.image_url_wrong_size,
        test_images.test_url_downloads_the_picture_b64_json_gives,
        "(256, 256)",
    ),
    (
        broken.image_wrong_format,
        test_images.test_gpt_image_picture_has_the_size_format_and_usage_asked_for,
        "('PNG', (1536, 1024))",
    ),
    (
        broken.image_stream_untyped,
        test_images.test_stream_sends_typed_partial_then_completed_events,
        "events [None",
    ),
    (
        broken.image_n_not_checked,
        test_images.test_dall_e_3_makes_one_picture_per_request,
        "status 200, expected 400",
    ),
    (
        broken.image_n_not_checked,
        test_images.test_gpt_image_models_take_no_response_format,
        "status 200, expected 400",
    ),
    (
        broken.edit_ignores_mask,
        test_images.test_masked_edit_keeps_what_the_mask_keeps,
        "the opaque half changed",
    ),
    (
        broken.image_url_never_expires,
        test_images.test_url_expires_after_an_hour_of_the_mock_s_clock,
        "status 200 an hour later",
    ),
    (
        broken.variation_wrong_size,
        test_images.test_variation_has_the_size_asked_for,
        "(1024, 1024)",
    ),
    (
        broken.speech_at_22khz,
        audio_check("test_speech_format_decodes_at_its_rate", "wav"),
        "decodes at 22050 Hz",
    ),
    (broken.speed_ignored, test_audio.test_duration_follows_text_and_speed, "speed 2"),
    (broken.mishears, audio_check("test_speech_transcribes_back", "mp3"), "heard"),
    (broken.srt_without_arrows, test_audio.test_text_srt_and_vtt, "srt does not parse"),
    (broken.vtt_without_header, test_audio.test_text_srt_and_vtt, "vtt does not parse"),
    (
        broken.words_missing,
        test_audio.test_verbose_json_with_words_and_segments,
        "words and segments were asked for",
    ),
    (
        broken.first_delta_dropped,
        test_audio.test_stream_deltas_add_up_to_the_text,
        "the deltas are not the text",
    ),
    (broken.takes_bad_uploads, test_audio.test_bad_uploads_get_a_400, "status 200, expected 400"),
    (
        broken.takes_bad_uploads,
        test_audio.test_gpt_4o_models_take_json_or_text_only,
        "status 200, expected 400",
    ),
    (
        broken.speech_events_without_done,
        test_audio.test_speech_events_carry_the_audio,
        "speech.audio.done",
    ),
]
for _path, _picture in ((p, b"GIF89a not a png") for p in ("/images/edits", "/images/variations")):
    FAULTS.append((
        broken.bad_upload_accepted,
        functools.partial(test_images.test_bad_uploads_get_a_400, path=_path, picture=_picture,
                          message=test_images.NOT_PNG),
        "status 200, expected 400",
    ))  # fmt: skip


SOCKET_FAULTS: list[tuple[Any, Callable[[Target], None], str]] = [
    (
        broken.socket_unnumbered,
        test_responses_socket.test_socket_events_are_the_stream_of_one_response,
        "sequence_number",
    ),
    (
        broken.socket_text_differs,
        test_responses_socket.test_socket_events_are_the_stream_of_one_response,
        "not the streamed text",
    ),
    (
        broken.socket_closes_on_error,
        test_responses_socket.test_socket_error_events_leave_the_session_open,
        "the session closed",
    ),
    (
        broken.realtime_text_differs,
        test_realtime.test_realtime_text_response_streams_in_order,
        "not the streamed text",
    ),
    (
        broken.socket_closes_on_error,
        test_realtime.test_realtime_error_events_leave_the_session_open,
        "the session closed",
    ),
    (
        broken.realtime_model_unchecked,
        test_realtime.test_realtime_unknown_model_is_an_error_then_a_close,
        "expected an error event",
    ),
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


@pytest.mark.parametrize(
    ("fault", "check", "needle"), SOCKET_FAULTS, ids=[f[0].__name__ for f in SOCKET_FAULTS]
)
def test_planted_socket_fault_fails_its_check(
    mock_target: Target, fault: Any, check: Callable[[Target], None], needle: str
) -> None:
    check(mock_target)  # the control: passes against the mock
    with (
        asgi_target(
            broken.faulty_socket(fault),
            key=broken.KEY,
            budget=Budget(1.0, enforced=False),
            label="broken",
        ) as target,
        pytest.raises(AssertionError) as failure,
    ):
        check(target)
    assert needle in str(failure.value), f"failed for another reason: {failure.value}"


def test_every_fault_is_exercised() -> None:
    planted = {
        f.__name__ for f in vars(broken).values() if getattr(f, "__module__", "") == broken.__name__
    }
    planted -= {"on_chat", "mock_app", "any_key_mock_app", "faulty", "Exchange"}
    planted -= {"_on_batch", "_is_batch_output", "_batch_output_lines", "_set_batch_output_lines"}
    planted -= {"_on_assistants"}
    planted -= {"on_chat", "on_responses", "mock_app", "any_key_mock_app", "faulty", "Exchange"}
    planted -= {"_png", "_replace_pictures", "_fake_images"}
    planted -= {"on_audio"}
    planted -= {"faulty_drop_usage", "faulty_completions_not_served"}
    planted -= {"on_vector_stores"}
    planted -= {"faulty_socket"}
    used = {f[0].__name__ for f in FAULTS + SOCKET_FAULTS}
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
