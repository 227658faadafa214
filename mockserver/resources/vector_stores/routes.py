"""The URLs of vector stores (``client.vector_stores``, ``.files``, ``.file_batches``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import file_batches as b
from . import files as f
from . import handlers as h

STORE = "/vector_stores/{vector_store_id}"

ROUTES = [
    api("/vector_stores", POST=h.create_vector_store, GET=h.list_vector_stores),
    api(
        STORE,
        GET=h.retrieve_vector_store,
        POST=h.modify_vector_store,
        DELETE=h.delete_vector_store,
    ),
    api(STORE + "/search", POST=h.search_vector_store),
    api(STORE + "/files", POST=f.create_file, GET=f.list_files),
    api(STORE + "/files/{file_id}", GET=f.retrieve_file, POST=f.update_file, DELETE=f.delete_file),
    api(STORE + "/files/{file_id}/content", GET=f.file_content),
    api(STORE + "/file_batches", POST=b.create_batch),
    api(STORE + "/file_batches/{batch_id}", GET=b.retrieve_batch),
    api(STORE + "/file_batches/{batch_id}/cancel", POST=b.cancel_batch),
    api(STORE + "/file_batches/{batch_id}/files", GET=b.list_batch_files),
]
