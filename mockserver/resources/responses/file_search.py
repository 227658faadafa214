"""The ``file_search`` tool: its definition checked as the real API checks it, and the search
run over the vector stores it names (the vector stores' own index and ranking), turned into
the ``file_search_call`` item and the tool result the reply is planned from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...http import errors
from ...http.params import check_value, param, required
from ...state import MockState
from ..vector_stores import request as store_request
from ..vector_stores import search
from ..vector_stores.backend import file_status
from ..vector_stores.files import clock as store_clock

MAX_RESULTS = 50
DEFAULT_RESULTS = 10
RANKERS = ("auto", "default-2024-11-15")
KEYS = ("type", "vector_store_ids", "filters", "max_num_results", "ranking_options")


def check_tool(where: str, tool: Mapping[str, Any], mock: MockState) -> dict[str, Any]:
    """A ``file_search`` tool as the response echoes it; every vector store must exist (the
    vector stores' own 404 otherwise)."""
    for key in tool:
        if key not in KEYS:
            raise errors.unrecognized_argument(f"{where}.{key}")
    given = tool.get("vector_store_ids")
    required(f"{where}.vector_store_ids", given, param("array", min_items=1, max_items=2))
    ids = store_request.file_ids(given, f"{where}.vector_store_ids")
    for vector_store_id in ids:
        mock.backends.vector_stores.get(vector_store_id)
    limit = tool.get("max_num_results")
    if limit is not None:
        check_value(
            f"{where}.max_num_results", param("integer", minimum=1, maximum=MAX_RESULTS), limit
        )
    found = tool.get("filters")
    if found is not None:
        store_request.filters(found, f"{where}.filters")
    options = tool.get("ranking_options")
    if options is None:  # false or [] are no object: refused below
        options = {}
    check_value(f"{where}.ranking_options", param("object"), options)
    if options.get("ranker") is not None:
        check_value(
            f"{where}.ranking_options.ranker", param("string", enum=RANKERS), options["ranker"]
        )
    threshold = options.get("score_threshold")
    if threshold is not None:
        check_value(
            f"{where}.ranking_options.score_threshold",
            param("number", minimum=0, maximum=1),
            threshold,
        )
    return {
        "type": "file_search",
        "filters": found,
        "max_num_results": limit if limit is not None else DEFAULT_RESULTS,
        "ranking_options": {
            "ranker": options.get("ranker") or "auto",
            "score_threshold": float(threshold or 0.0),
        },
        "vector_store_ids": list(ids),
    }


@dataclass(frozen=True)
class Found:
    """One search: the call item and the text the model reads."""

    item: dict[str, Any]
    hits: list[search.Hit]

    @property
    def result_text(self) -> str:
        return "\n\n".join(hit.chunk.text for hit in self.hits) or "No results found."

    def citations(self, text: str) -> list[dict[str, Any]]:
        """One ``file_citation`` per file the answer drew on, at the end of the text."""
        seen: list[search.Hit] = []
        for hit in self.hits:
            if hit.chunk.file_id not in [h.chunk.file_id for h in seen]:
                seen.append(hit)
        return [
            {
                "type": "file_citation",
                "file_id": hit.chunk.file_id,
                "filename": hit.chunk.filename,
                "index": len(text),
            }
            for hit in seen
        ]


def run(
    mock: MockState, tool: Mapping[str, Any], query: str, item_id: str, *, with_results: bool
) -> Found:
    """Search the tool's vector stores for ``query``, as ``POST .../search`` would."""
    stores = mock.backends.vector_stores
    now = store_clock(mock)
    selector = tool.get("filters")
    chunks = [
        search.Chunk(f.id, f.filename, f.attributes, text)
        for vector_store_id in tool["vector_store_ids"]
        for f in stores.files_of(vector_store_id)
        if file_status(f, now) == "completed"
        and (selector is None or search.matches(selector, f.attributes))
        for text in f.chunks
    ]
    hits = search.rank(
        chunks,
        [query],
        limit=tool["max_num_results"],
        threshold=tool["ranking_options"]["score_threshold"],
    )
    item: dict[str, Any] = {
        "id": item_id,
        "type": "file_search_call",
        "status": "completed",
        "queries": [query],
        "results": None,
    }
    if with_results:
        item["results"] = [
            {
                "attributes": dict(hit.chunk.attributes or {}),
                "file_id": hit.chunk.file_id,
                "filename": hit.chunk.filename,
                "score": hit.score,
                "text": hit.chunk.text,
            }
            for hit in hits
        ]
    return Found(item, hits)
