"""File search without an index of your own: documents uploaded into an OpenAI vector store,
which chunks, embeds and indexes them, then searched by meaning (``client.vector_stores``).

Compare ``search.py``, which embeds texts itself and keeps them in a local Faiss index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openai import OpenAI

# The real API asks to be polled about once a second; against the mock any interval works.
DEFAULT_POLL_MS = 1000


@dataclass(frozen=True)
class Found:
    filename: str
    score: float  # 0 to 1: higher is closer
    text: str  # the chunk that matched


def build_store(
    client: OpenAI,
    documents: Mapping[str, bytes],
    *,
    name: str = "lesson",
    poll_interval_ms: int = DEFAULT_POLL_MS,
) -> str:
    """Upload ``documents`` (filename -> bytes) into a new vector store and wait until every
    file is processed; the store's id. A file the store cannot read (an image, say) ends
    ``failed`` with its ``last_error``; the others are still searchable."""
    store = client.vector_stores.create(name=name)
    client.vector_stores.file_batches.upload_and_poll(
        store.id, files=list(documents.items()), poll_interval_ms=poll_interval_ms
    )
    return store.id


def ask(client: OpenAI, store_id: str, query: str | Sequence[str], *, k: int = 3) -> list[Found]:
    """The ``k`` best chunks for ``query``, best first."""
    page = client.vector_stores.search(
        store_id, query=query if isinstance(query, str) else list(query), max_num_results=k
    )
    return [
        Found(hit.filename, hit.score, " ".join(part.text for part in hit.content))
        for hit in page.data
    ]
