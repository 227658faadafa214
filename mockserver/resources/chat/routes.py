"""The URLs of chat completions (``client.chat.completions``), stored ones included."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers

ROUTES = [
    api("/chat/completions", handlers.create_chat_completion, "POST"),
    api("/chat/completions", handlers.list_chat_completions, "GET"),
    api("/chat/completions/{completion_id}", handlers.retrieve_chat_completion, "GET"),
    api("/chat/completions/{completion_id}", handlers.update_chat_completion, "POST"),
    api("/chat/completions/{completion_id}", handlers.delete_chat_completion, "DELETE"),
    api(
        "/chat/completions/{completion_id}/messages",
        handlers.list_chat_completion_messages,
        "GET",
    ),
]
