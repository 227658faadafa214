"""The URLs of conversations (``client.conversations`` and ``client.conversations.items``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/conversations", POST=h.create_conversation),
    api(
        "/conversations/{conversation_id}",
        GET=h.retrieve_conversation,
        POST=h.update_conversation,
        DELETE=h.delete_conversation,
    ),
    api("/conversations/{conversation_id}/items", POST=h.create_items, GET=h.list_items),
    api(
        "/conversations/{conversation_id}/items/{item_id}",
        GET=h.retrieve_item,
        DELETE=h.delete_item,
    ),
]
