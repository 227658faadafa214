"""The Assistants API's errors, in the real API's words (from answers quoted in SDK and app
issue trackers: openai-ruby#136, Forge.OpenAI#25, openai-assistants-quickstart#1,
flows-network/openai-assistant-telegram#1)."""

from __future__ import annotations

from ...http.errors import APIError

MIGRATION_GUIDE = "https://platform.openai.com/docs/assistants/migration"


def beta_header_missing() -> APIError:
    return APIError(
        400,
        "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try "
        "again by setting the header 'OpenAI-Beta: assistants=v2'.",
        code="invalid_beta",
    )


def v1_deprecated() -> APIError:
    return APIError(
        400,
        "The v1 Assistants API has been deprecated. See the migration guide for more "
        f"information: {MIGRATION_GUIDE}.",
        code="invalid_beta",
    )


def not_found(kind: str, object_id: str) -> APIError:
    """``No assistant found with id 'asst_x'.`` (thread, message, run, run step alike)."""
    return APIError(404, f"No {kind} found with id '{object_id}'.")


def assistant_not_found(assistant_id: str) -> APIError:
    return not_found("assistant", assistant_id)


def model_not_found(model: str) -> APIError:
    return APIError(
        400, f"The requested model '{model}' does not exist.", param="model", code="model_not_found"
    )


def model_not_supported(model: str) -> APIError:
    return APIError(
        400,
        f"The requested model '{model}' cannot be used with the Assistants API.",
        param="model",
        code="unsupported_model",
    )


def string_too_long(param: str, limit: int, length: int) -> APIError:
    return APIError(
        400,
        f"Invalid '{param}': string too long. Expected a string with maximum length {limit}, "
        f"but got a string with length {length} instead.",
        param=param,
        code="string_above_max_length",
    )
