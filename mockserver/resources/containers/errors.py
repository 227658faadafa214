"""The Containers API's errors, in the real API's words where they are known."""

from __future__ import annotations

from ...http.errors import APIError


def container_not_found(container_id: str) -> APIError:
    # Guessed wording (the Responses API's form for an unknown id).
    return APIError(404, f"Container with id '{container_id}' not found.")


def file_not_found(file_id: str) -> APIError:
    # Guessed wording, as for the container.
    return APIError(404, f"Container file with id '{file_id}' not found.")


def expired() -> APIError:
    # The real API's answer when a response's code interpreter names an expired container.
    return APIError(400, "Container is expired.")
