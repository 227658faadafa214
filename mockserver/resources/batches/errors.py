"""The Batch API's errors, in the real API's words.

Two kinds: the HTTP errors of ``/v1/batches`` itself (an envelope), and the entries of a failed
batch's ``errors.data`` (``code``, ``line``, ``message``, ``param``), which the real API reports
only once the batch has been validated. The wordings come from answers recorded against the real
API (invalid_json_line, missing_required_parameter, invalid_url, streaming_unsupported,
model_not_found, the missing-file entry, the 409 on cancel); those the recordings did not show
(duplicate_custom_id, mismatched_model, the method, the empty file) follow their style."""

from __future__ import annotations

from typing import Any

from ...http import errors
from ...http.errors import APIError


def batch_not_found(batch_id: str) -> APIError:
    return APIError(404, f"No batch found with id '{batch_id}'.")


def cancel_conflict(status: str) -> APIError:
    return APIError(409, f"Cannot cancel a batch with status '{status}'.")


# --- entries of a failed batch's ``errors`` -------------------------------------------------


def entry(code: str, message: str, *, line: int | None, param: str | None) -> dict[str, Any]:
    return {"code": code, "line": line, "message": message, "param": param}


def file_not_found(file_id: str, organization: str) -> dict[str, Any]:
    message = (
        f"Cannot find file {file_id}, or organization {organization} does not have access to it."
    )
    return entry("invalid_request", message, line=None, param="file_id")


def not_a_batch_file(file_id: str, purpose: str) -> dict[str, Any]:
    message = (
        f"The file {file_id} has purpose '{purpose}': a batch needs a file of purpose 'batch'."
    )
    return entry("invalid_request", message, line=None, param="file_id")


def empty_file() -> dict[str, Any]:
    message = (
        "The input file is empty. Please ensure that your batch contains at least one request."
    )
    return entry("empty_file", message, line=None, param=None)


def invalid_json(line: int) -> dict[str, Any]:
    return entry(
        "invalid_json_line", "This line is not parseable as valid JSON.", line=line, param=None
    )


def missing(line: int, name: str) -> dict[str, Any]:
    # A line's errors read as the endpoint's own 400s: the same words, from the same place.
    message = errors.missing_parameter(name).message
    return entry("missing_required_parameter", message, line=line, param=name)


def invalid_method(line: int, method: object) -> dict[str, Any]:
    message = f"The method '{method}' is not supported for this request. Only POST is supported."
    return entry("invalid_method", message, line=line, param="method")


def invalid_type(line: int, name: str, expected: str, value: object) -> dict[str, Any]:
    message = errors.invalid_type(name, expected, value).message
    return entry("invalid_type", message, line=line, param=name)


def invalid_url(line: int) -> dict[str, Any]:
    message = "The URL provided for this request does not match the batch endpoint."
    return entry("invalid_url", message, line=line, param="url")


def duplicate_custom_id(line: int) -> dict[str, Any]:
    message = (
        "The custom_id for this request is a duplicate of another request. The custom_id "
        "parameter must be unique for each request in a batch."
    )
    return entry("duplicate_custom_id", message, line=line, param="custom_id")


def streaming_unsupported(line: int, api: str) -> dict[str, Any]:
    message = f"{api}: Streaming is not supported in the Batch API."
    return entry("streaming_unsupported", message, line=line, param="body.stream")


def body_parameter_required(line: int, name: str) -> dict[str, Any]:
    message = f"{name.capitalize()} parameter is required."
    return entry("invalid_request", message, line=line, param=f"body.{name}")


def model_not_supported(line: int, model: object) -> dict[str, Any]:
    message = f"The provided model '{model}' is not supported by the Batch API."
    return entry("model_not_found", message, line=line, param="body.model")


def mismatched_model(line: int, model: str, expected: str) -> dict[str, Any]:
    message = (
        f"The provided model '{model}' does not match the rest of the batch ('{expected}'). "
        "Each batch must contain requests for a single model."
    )
    return entry("mismatched_model", message, line=line, param="body.model")
