"""The URLs of the mock's own control API, under ``/__mock__`` (outside ``/v1``: no auth, no
faults, not journalled)."""

from __future__ import annotations

from ..http.endpoint import route
from . import handlers as h

ROUTES = [
    route("/__mock__/reset", POST=h.reset),
    route("/__mock__/faults", GET=h.list_faults, POST=h.arm_fault, DELETE=h.clear_faults),
    route("/__mock__/requests", GET=h.list_requests, DELETE=h.clear_requests),
    route("/__mock__/rules", GET=h.list_rules, POST=h.add_rule),
    route("/__mock__/keys", GET=h.get_keys, POST=h.restrict_keys, DELETE=h.restore_keys),
    route("/__mock__/clock", GET=h.get_clock, POST=h.move_clock, DELETE=h.restore_clock),
]
