"""``file_search`` in a run: the last user message searched over the vector stores of the
thread and of the assistant (``tool_resources.file_search.vector_store_ids``), with the same
ranking as ``POST /v1/vector_stores/{id}/search``; the reply answers from the best chunk and
cites its file in a ``file_citation`` annotation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ....state import MockState
from ...vector_stores import search
from ...vector_stores.backend import file_status
from ...vector_stores.files import backend, clock

# file_search's default max_num_results (the Assistants API reference: 20 for gpt-4*).
DEFAULT_RESULTS = 20


@dataclass(frozen=True)
class Found:
    results: list[dict[str, Any]]  # the best first: file_id, file_name, score, content
    ranking_options: dict[str, Any]


def _tool(run: dict[str, Any]) -> dict[str, Any] | None:
    choice = run["tool_choice"]
    if choice == "none" or (isinstance(choice, dict) and choice.get("type") == "function"):
        return None
    return next((t for t in run["tools"] if t["type"] == "file_search"), None)


def store_ids(mock: MockState, run: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    thread = mock.backends.threads.get(run["thread_id"]) or {}
    assistant = mock.backends.assistants.get(run["assistant_id"]) or {}
    for owner in (thread, assistant):
        resources = owner.get("tool_resources") or {}
        for store_id in (resources.get("file_search") or {}).get("vector_store_ids") or []:
            if store_id not in ids:
                ids.append(store_id)
    return ids


def find(mock: MockState, run: dict[str, Any], question: str) -> Found | None:
    """What a file_search call finds for ``question`` (None: no file_search tool, no vector
    store, or nothing found)."""
    tool = _tool(run)
    if tool is None or not question.strip():
        return None
    options = tool.get("file_search") or {}
    ranking = dict(options.get("ranking_options") or {})
    stores = backend(mock)
    now = clock(mock)
    chunks = []
    for store_id in store_ids(mock, run):
        for record in stores.files_of(store_id):
            if file_status(record, now) == "completed":
                chunks += [search.Chunk(record.id, record.filename, None, t) for t in record.chunks]
    hits = search.rank(
        chunks,
        [search.rewrite(question)],
        limit=options.get("max_num_results") or DEFAULT_RESULTS,
        threshold=float(ranking.get("score_threshold") or 0.0),
    )
    if not hits:
        return None
    results = [
        {
            "file_id": hit.chunk.file_id,
            "file_name": hit.chunk.filename,
            "score": hit.score,
            "content": [{"type": "text", "text": hit.chunk.text}],
        }
        for hit in hits
    ]
    return Found(results, ranking)


# The longest excerpt of a chunk a reply quotes.
EXCERPT_CHARACTERS = 300


def answer(result: dict[str, Any]) -> str:
    """A reply from one search result: what its file says, in its words."""
    words = " ".join(result["content"][0]["text"].split())
    if len(words) > EXCERPT_CHARACTERS:
        words = words[:EXCERPT_CHARACTERS].rsplit(" ", 1)[0] + " ..."
    return f"According to {result['file_name']}: {words} "
