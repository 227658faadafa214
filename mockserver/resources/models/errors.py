"""The models API's own errors (retrieve's 404 is the shared ``model_not_found``)."""

from __future__ import annotations

from ...http.errors import APIError


def no_model_to_delete(model: str) -> APIError:
    # Quoted from real answers to DELETE /v1/models/{model} (single quotes, not retrieve's
    # backticks).
    return APIError(404, f"The model '{model}' does not exist", code="model_not_found")


def model_not_deletable(model: str) -> APIError:
    return APIError(
        403,
        f"You have insufficient permissions to delete the model {model}: only fine-tuned "
        "models your organization owns can be deleted.",
        code="insufficient_permissions",
    )
