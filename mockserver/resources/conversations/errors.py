"""The real API's 404s of conversations and their items."""

from __future__ import annotations

from ...http.errors import APIError


def conversation_not_found(conversation_id: str) -> APIError:
    return APIError(404, f"Conversation with id '{conversation_id}' not found.")


def item_not_found(item_id: str) -> APIError:
    return APIError(404, f"Item with id '{item_id}' not found.")
