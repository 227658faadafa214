"""The URLs of containers (``client.containers`` and ``client.containers.files``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import files as f
from . import handlers as h

CONTAINER = "/containers/{container_id}"

ROUTES = [
    api("/containers", POST=h.create_container, GET=h.list_containers),
    api(CONTAINER, GET=h.retrieve_container, DELETE=h.delete_container),
    api(CONTAINER + "/files", POST=f.create_file, GET=f.list_files),
    api(CONTAINER + "/files/{file_id}", GET=f.retrieve_file, DELETE=f.delete_file),
    api(CONTAINER + "/files/{file_id}/content", GET=f.file_content),
]
