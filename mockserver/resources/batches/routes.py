"""The URLs of batches (``client.batches``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/batches", POST=h.create_batch, GET=h.list_batches),
    api("/batches/{batch_id}", GET=h.retrieve_batch),
    api("/batches/{batch_id}/cancel", POST=h.cancel_batch),
]
