"""The real API's 400s that only legacy completions give, in its wording."""

from __future__ import annotations

from ...http.errors import APIError


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
