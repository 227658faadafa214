"""The URL of legacy completions (``client.completions``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers

ROUTES = [api("/completions", POST=handlers.create_completion)]
