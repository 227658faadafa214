"""The URLs of models (``client.models``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/models", GET=h.list_models),
    api("/models/{model:path}", GET=h.retrieve_model, DELETE=h.delete_model),
]
