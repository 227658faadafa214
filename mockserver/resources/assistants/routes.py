"""The URLs of assistants (``client.beta.assistants``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/assistants", POST=h.create_assistant, GET=h.list_assistants),
    api(
        "/assistants/{assistant_id}",
        GET=h.retrieve_assistant,
        POST=h.modify_assistant,
        DELETE=h.delete_assistant,
    ),
]
