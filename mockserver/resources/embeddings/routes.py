"""The URL of embeddings (``client.embeddings``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers

ROUTES = [api("/embeddings", POST=handlers.create_embedding)]
