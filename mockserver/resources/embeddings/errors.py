"""The real API's 400s that only embeddings give, in its wording."""

from __future__ import annotations

from ...http.errors import APIError


def too_many_tokens_per_request(requested: int, limit: int) -> APIError:
    return APIError(
        400,
        f"Requested {requested} tokens, max {limit} tokens per request",
        type="max_tokens_per_request",
        code="max_tokens_per_request",
    )


def dimensions_not_supported() -> APIError:
    return APIError(400, "This model does not support specifying dimensions.")
