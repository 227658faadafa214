"""lines.parse: what the validation reports for each line, alone."""

from __future__ import annotations

from mockserver.resources.batches import lines

from .helpers import CHAT, chat_line, jsonl


def parse(data: bytes, endpoint: str = CHAT) -> lines.Parsed:
    return lines.parse(data, endpoint, supported=lambda model: model != "nope")


def test_requests_in_order_with_their_line_numbers() -> None:
    parsed = parse(jsonl([chat_line("a", "x"), chat_line("b", "y")]) + b"\n\n")
    assert [(r.line, r.custom_id) for r in parsed.requests] == [(1, "a"), (2, "b")]
    assert parsed.errors == () and parsed.model == "gpt-4o-mini"


def test_a_line_that_is_no_json_object() -> None:
    # The upload check refuses such a file; a file that reached a batch otherwise still fails.
    parsed = parse(b'{"custom_id": \n[1, 2]\n' + jsonl([chat_line("a", "x")]))
    assert [(e["line"], e["code"]) for e in parsed.errors] == [
        (1, "invalid_json_line"), (2, "invalid_json_line"),
    ]  # fmt: skip
    assert parsed.errors[0]["message"] == "This line is not parseable as valid JSON."
    assert [r.custom_id for r in parsed.requests] == ["a"]


def test_an_empty_file() -> None:
    (error,) = parse(b"\n").errors
    assert error["code"] == "empty_file" and error["line"] is None


def test_the_first_model_is_the_batch_s() -> None:
    parsed = parse(jsonl([chat_line("a", "x", model="gpt-4o"), chat_line("b", "y")]))
    (error,) = parsed.errors
    assert (error["line"], error["code"]) == (2, "mismatched_model")
    assert "'gpt-4o-mini'" in error["message"] and "'gpt-4o'" in error["message"]


def test_an_unsupported_model_does_not_set_the_batch_s_model() -> None:
    parsed = parse(jsonl([chat_line("a", "x", model="nope"), chat_line("b", "y")]))
    assert [e["code"] for e in parsed.errors] == ["model_not_found"]
    assert parsed.model == "gpt-4o-mini"


def test_moderations_may_leave_the_model_out() -> None:
    line = {"custom_id": "m", "method": "POST", "url": "/v1/moderations", "body": {"input": "x"}}
    parsed = parse(jsonl([line]), "/v1/moderations")
    assert parsed.errors == () and parsed.model is None


def test_a_custom_id_that_is_no_string_is_refused() -> None:
    parsed = parse(jsonl([{**chat_line("a", "x"), "custom_id": 5}]))
    (error,) = parsed.errors
    assert (error["code"], error["param"]) == ("invalid_type", "custom_id")
    assert error["message"] == (
        "Invalid type for 'custom_id': expected a string, but got an integer instead."
    )
