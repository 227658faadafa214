"""The URLs of the mock's own control API, under ``/__mock__`` (outside ``/v1``: no auth, no
faults, not journalled)."""

from __future__ import annotations

from ..http.endpoint import route
from . import handlers

ROUTES = [
    route("/__mock__/reset", handlers.reset, "POST"),
    route("/__mock__/faults", handlers.list_faults, "GET"),
    route("/__mock__/faults", handlers.arm_fault, "POST"),
    route("/__mock__/faults", handlers.clear_faults, "DELETE"),
    route("/__mock__/requests", handlers.list_requests, "GET"),
    route("/__mock__/requests", handlers.clear_requests, "DELETE"),
    route("/__mock__/rules", handlers.list_rules, "GET"),
    route("/__mock__/rules", handlers.add_rule, "POST"),
]
