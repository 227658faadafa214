"""The real API's 400s for legacy completions, embeddings and moderations, in its wording.

Context-length and ``'$.input' is invalid`` errors carry ``param: null, code: null`` on these
endpoints, as captured responses show (chat's own context error names ``messages``).
"""

from __future__ import annotations

from ..http.errors import APIError

API_REFERENCE = "https://platform.openai.com/docs/api-reference"


def invalid_field(name: str) -> APIError:
    """The schema-level rejection the API gives, e.g., an empty embeddings input."""
    return APIError(400, f"'$.{name}' is invalid. Please check the API reference: {API_REFERENCE}.")


def context_length_exceeded(window: int, prompt: int, completion: int) -> APIError:
    return APIError(
        400,
        f"This model's maximum context length is {window} tokens, however you requested "
        f"{prompt + completion} tokens ({prompt} in your prompt; {completion} for the "
        "completion). Please reduce your prompt; or completion length.",
    )


def too_many_tokens_per_request(requested: int, limit: int) -> APIError:
    return APIError(
        400,
        f"Requested {requested} tokens, max {limit} tokens per request",
        type="max_tokens_per_request",
        code="max_tokens_per_request",
    )


def dimensions_not_supported() -> APIError:
    return APIError(400, "This model does not support specifying dimensions.")


def echo_with_logprobs() -> APIError:
    return APIError(
        400, "Setting 'echo' and 'logprobs' at the same time is not supported for this model."
    )


def best_of_below_n() -> APIError:
    # Wording not confirmed against a captured response.
    return APIError(400, "best_of must be greater than or equal to n.", param="best_of")


def best_of_with_stream() -> APIError:
    # Wording not confirmed against a captured response.
    return APIError(400, "Cannot stream results with best_of > 1.", param="best_of")


def only_with_stream(param: str) -> APIError:
    return APIError(
        400, f"The '{param}' parameter is only allowed when 'stream' is enabled.", param=param
    )


def invalid_logit_bias_key(key: str, maximum: int) -> APIError:
    if key.isdigit():
        return APIError(
            400, f"Invalid key in 'logit_bias': {key}. Maximum value is {maximum}.",
            param="logit_bias",
        )  # fmt: skip
    return APIError(
        400,
        f"Invalid key in 'logit_bias': {key}. You should only be submitting non-negative integers.",
        param="logit_bias",
    )


def invalid_logit_bias_value(key: str, value: object) -> APIError:
    return APIError(
        400,
        f"Invalid value for 'logit_bias' key {key}: {value}. Values must be between -100 and 100.",
        param="logit_bias",
    )
