"""The URLs of uploads (``client.uploads``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/uploads", POST=h.create_upload),
    api("/uploads/{upload_id}/parts", POST=h.add_upload_part),
    api("/uploads/{upload_id}/complete", POST=h.complete_upload),
    api("/uploads/{upload_id}/cancel", POST=h.cancel_upload),
]
