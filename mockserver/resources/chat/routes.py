"""The URLs of chat completions (``client.chat.completions``), stored ones included."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/chat/completions", POST=h.create_chat_completion, GET=h.list_chat_completions),
    api(
        "/chat/completions/{completion_id}",
        GET=h.retrieve_chat_completion,
        POST=h.update_chat_completion,
        DELETE=h.delete_chat_completion,
    ),
    api("/chat/completions/{completion_id}/messages", GET=h.list_chat_completion_messages),
]
