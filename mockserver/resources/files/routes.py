"""The URLs of files (``client.files``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/files", POST=h.create_file, GET=h.list_files),
    api("/files/{file_id}", GET=h.retrieve_file, DELETE=h.delete_file),
    api("/files/{file_id}/content", GET=h.retrieve_file_content),
]
