"""Search over a vector store's chunks: attribute filters, then the project's deterministic
embeddings (``generate.vectors``, as ``/v1/embeddings`` gives them) ranked by inner product in
a Faiss index. The vectors are unit length, so the inner product is the cosine; scores are
cosines clipped to [0, 1], as the API's scores are."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...generate import vectors

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# file_search embeds with text-embedding-3-large at 256 dimensions (the file search guide).
SPACE_MODEL = "text-embedding-3-large"
DIMENSIONS = 256
# Words a query rewrite drops: they carry no meaning for a vector search.
_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does",
        "for", "from", "had", "has", "have", "how", "i", "in", "is", "it", "its", "me", "my",
        "of", "on", "or", "please", "should", "tell", "that", "the", "their", "them", "there",
        "these", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will",
        "with", "would", "you", "your",
    }
)  # fmt: skip
_WORD = re.compile(r"[\w'-]+")

Attributes = Mapping[str, str | float | bool]


@dataclass(frozen=True)
class Chunk:
    file_id: str
    filename: str
    attributes: Attributes | None
    text: str


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


def rewrite(query: str) -> str:
    """The deterministic rewrite ``rewrite_query`` asks for: lower-cased content words in
    their order, without question words and fillers (the original when nothing is left)."""
    words = [w for w in _WORD.findall(query.lower()) if w not in _STOPWORDS]
    return " ".join(words) if words else query.strip()


# --- filters -------------------------------------------------------------------------------


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(kind: str, have: object, want: object) -> bool:
    if kind == "eq":
        # True is not 1 here: a boolean equals only a boolean.
        return have == want and isinstance(have, bool) == isinstance(want, bool)
    if kind == "ne":
        return not _compare("eq", have, want)
    if kind in ("in", "nin"):
        found = isinstance(want, list) and any(_compare("eq", have, w) for w in want)
        return found if kind == "in" else not found
    if not (_number(have) and _number(want)):
        return False  # an order compares numbers only
    assert isinstance(have, (int, float)) and isinstance(want, (int, float))
    return {
        "gt": have > want,
        "gte": have >= want,
        "lt": have < want,
        "lte": have <= want,
    }[kind]


def matches(spec: Mapping[str, Any], attributes: Attributes | None) -> bool:
    """Whether a file's attributes pass a (checked) comparison or compound filter."""
    kind = spec["type"]
    if kind in ("and", "or"):
        results = (matches(f, attributes) for f in spec["filters"])
        return all(results) if kind == "and" else any(results)
    attrs = attributes or {}
    if spec["key"] not in attrs:
        return kind in ("ne", "nin")
    return _compare(kind, attrs[spec["key"]], spec["value"])


# --- ranking -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _space() -> vectors.Space:
    from ...catalogue import Catalogue

    model = Catalogue.load().get(SPACE_MODEL)
    assert model.dimensions is not None
    return vectors.Space(model.family, model.dimensions, model.embedding_bias)


@lru_cache(maxsize=4096)
def _vector(text: str) -> npt.NDArray[np.float32]:
    # A chunk's vector depends on its text only: a store searched again embeds nothing anew.
    row: npt.NDArray[np.float32] = vectors.embed([text], _space(), DIMENSIONS)[0]
    return row


def _matrix(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    import numpy as np

    return np.ascontiguousarray(np.stack([_vector(t) for t in texts]), dtype=np.float32)


def rank(
    chunks: Sequence[Chunk],
    queries: Sequence[str],
    *,
    limit: int,
    threshold: float = 0.0,
) -> list[Hit]:
    """The ``limit`` best chunks for the queries (a chunk scores its best cosine with any of
    them), best first, ties in the chunks' order; none below ``threshold``."""
    if not chunks or not queries:
        return []
    import faiss  # imported on first search: its library is large

    # One thread: the index is one request's and small; OpenMP's spinning threads would take
    # the core from the event loop (as OpenBLAS's did, see app.one_blas_thread).
    faiss.omp_set_num_threads(1)
    index = faiss.IndexFlatIP(DIMENSIONS)
    index.add(_matrix([c.text for c in chunks]))
    scores, rows = index.search(_matrix(queries), len(chunks))
    best: dict[int, float] = {}
    for query_scores, query_rows in zip(scores, rows, strict=True):
        for score, row in zip(query_scores, query_rows, strict=True):
            if row >= 0:
                best[int(row)] = max(best.get(int(row), -1.0), float(score))
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    hits = [Hit(chunks[row], min(1.0, max(0.0, score))) for row, score in ordered]
    return [hit for hit in hits if hit.score >= threshold][:limit]
