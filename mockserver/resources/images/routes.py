"""The URLs of images (``client.images``) and of the pictures they hand out."""

from __future__ import annotations

from ...http.endpoint import api, route
from . import handlers as h

ROUTES = [
    api("/images/generations", POST=h.create_generation),
    api("/images/edits", POST=h.create_edit),
    api("/images/variations", POST=h.create_variation),
    # Outside /v1: a signed URL needs no key, as the real storage's do not.
    route("/__mock__/images/{name}", GET=h.download),
]
