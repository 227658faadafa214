"""A batch's status and timestamps are a pure function of its inputs, the time and the polls."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mockserver.resources.batches.backend import StoredBatch, to_api, view

CREATED = 1_700_000_000


def batch(**changes: object) -> StoredBatch:
    fields: dict[str, object] = {
        "id": "batch_x", "created_at": CREATED, "endpoint": "/v1/chat/completions",
        "input_file_id": "file-x", "completion_window": "24h", "metadata": None,
        "model": "gpt-4o-mini", "total": 3, "completed": 2, "failed": 1, "errors": None,
        "usage": {"input_tokens": 9, "cached_tokens": 0, "output_tokens": 4,
                  "reasoning_tokens": 0},
        "output_file_id": "file-out", "error_file_id": "file-err", "output_bytes": 10,
        "error_bytes": 5, "output_expires_after": None,
    }  # fmt: skip
    fields.update(changes)
    return StoredBatch(**fields)  # type: ignore[arg-type]


STAMPS = ("created_at", "in_progress_at", "finalizing_at", "completed_at")


@given(
    mode=st.sampled_from(["poll", "realtime", "instant"]),
    elapsed=st.integers(0, 2_000),
    polls=st.integers(0, 6),
    seed=st.integers(0, 2**32),
)
def test_timestamps_follow_the_statuses(mode: str, elapsed: int, polls: int, seed: int) -> None:
    stored = batch(polls=polls)
    shown = to_api(stored, view(stored, mode, CREATED + elapsed, seed))
    assert shown == to_api(stored, view(stored, mode, CREATED + elapsed, seed))  # pure
    reached = [shown[key] for key in STAMPS if shown[key] is not None]
    order = ("validating", "in_progress", "finalizing", "completed")
    assert len(reached) == order.index(shown["status"]) + 1
    assert reached == sorted(reached) and reached[-1] <= CREATED + max(elapsed, 0)
    done = shown["status"] == "completed"
    assert (shown["output_file_id"] is not None) is done
    assert (shown["usage"]["total_tokens"] == 13) is done
    if mode == "poll":
        assert order.index(shown["status"]) >= min(polls, 3)


@given(polls_before=st.integers(0, 1), polls_after=st.integers(0, 3))
def test_a_cancelled_run_stops_where_it_was(polls_before: int, polls_after: int) -> None:
    stored = batch(polls=polls_before + polls_after, cancel_requested_at=CREATED,
                   cancel_polls=polls_before)  # fmt: skip
    shown = to_api(stored, view(stored, "poll", CREATED, 0))
    assert shown["status"] == ("cancelled" if polls_after else "cancelling")
    assert shown["completed_at"] is None and shown["output_file_id"] is None
    assert (shown["in_progress_at"] is not None) is (polls_before >= 1)


def test_a_batch_with_errors_fails_once_validated() -> None:
    problems = [{"code": "empty_file", "line": None, "message": "m", "param": None}]
    stored = batch(errors=problems, total=0, polls=1)
    shown = to_api(stored, view(stored, "poll", CREATED, 0))
    assert (shown["status"], shown["failed_at"]) == ("failed", CREATED)
    assert shown["errors"] == {"object": "list", "data": problems}
    assert shown["request_counts"] == {"total": 0, "completed": 0, "failed": 0}
