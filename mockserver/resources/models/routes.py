"""The URLs of models (``client.models``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers

ROUTES = [
    api("/models", handlers.list_models, "GET"),
    api("/models/{model:path}", handlers.retrieve_model, "GET"),
]
