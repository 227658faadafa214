"""The URL of moderations (``client.moderations``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers

ROUTES = [api("/moderations", POST=handlers.create_moderation)]
