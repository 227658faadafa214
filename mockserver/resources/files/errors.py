"""The Files API's errors, in the real API's words."""

from __future__ import annotations

from collections.abc import Sequence

from ...http.errors import APIError


def file_not_found(file_id: str) -> APIError:
    return APIError(404, f"No such File object: {file_id}", param="id")


def invalid_purpose(purpose: str, allowed: Sequence[str]) -> APIError:
    # The real API's wording comes from its schema validator (a Python list repr).
    listed = ", ".join(f"'{p}'" for p in allowed)
    return APIError(400, f"'{purpose}' is not one of [{listed}] - 'purpose'")


def file_too_large() -> APIError:
    return APIError(400, "File is too large.")


def not_jsonl(api: str) -> APIError:
    return APIError(400, f"Invalid file format for {api}. Must be .jsonl")


def line_not_a_dictionary(line: int, starts_with: str) -> APIError:
    return APIError(
        400,
        "Expected file to have JSONL format, where every line is a valid JSON dictionary. "
        f'Line {line} is not a dictionary (HINT: line starts with: "{starts_with}...").',
    )


def download_not_allowed(purpose: str) -> APIError:
    return APIError(400, f"Not allowed to download files of purpose: {purpose}")
