"""The threads, messages and runs errors, in the real API's words where a real answer was
found (the not-found wording is the assistants' one: "No thread found with id 'null'." is
quoted in FlowiseAI/Flowise#1200)."""

from __future__ import annotations

from collections.abc import Sequence

from ...http.errors import APIError
from ..assistants.errors import not_found


def thread_not_found(thread_id: str) -> APIError:
    return not_found("thread", thread_id)


def message_not_found(message_id: str) -> APIError:
    return not_found("message", message_id)


def run_not_found(run_id: str) -> APIError:
    return not_found("run", run_id)


def step_not_found(step_id: str) -> APIError:
    return not_found("run step", step_id)


def active_run(thread_id: str, run_id: str) -> APIError:
    return APIError(400, f"Thread {thread_id} already has an active run {run_id}.")


def message_during_run(thread_id: str, run_id: str) -> APIError:
    return APIError(400, f"Can't add messages to {thread_id} while a run {run_id} is active.")


def cannot_cancel(status: str) -> APIError:
    return APIError(400, f"Cannot cancel run with status '{status}'.")


def no_tool_outputs_expected(status: str) -> APIError:
    return APIError(400, f'Runs in status "{status}" do not accept tool outputs.')


def tool_outputs_mismatch(expected: Sequence[str], got: Sequence[str]) -> APIError:
    return APIError(
        400,
        f"Expected tool outputs for call_ids {list(expected)!r}, got {list(got)!r}",
        param="tool_outputs",
    )
