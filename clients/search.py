"""Semantic search: texts embedded in batches, kept in a Faiss index, searched by meaning.

Two metrics: ``"ip"`` (inner product on vectors normalised to length 1, which is cosine
similarity: higher is closer) and ``"l2"`` (Euclidean distance, as the seed does: lower is
closer). OpenAI's embeddings already have length 1, so both rank the same; normalising anyway
keeps the index right for any embedding source. Faiss is the ``faiss`` extra, imported when
an index is first built.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from openai import OpenAI

EMBEDDING_MODEL = "text-embedding-3-small"
# The API takes up to 2,048 inputs per request; smaller batches keep each request modest.
DEFAULT_BATCH_SIZE = 256
Metric = Literal["ip", "l2"]
INDEX_FILE = "index.faiss"
META_FILE = "texts.json"

# The seed's example: five sentences, and a question to find the closest one to.
SEED_TEXTS = (
    "좋아하는 음식은 무엇인가요?",
    "어디에 살고 계신가요?",
    "아침 전철은 혼잡하네요",
    "오늘 날씨가 화창합니다",
    "요즘 경기가 좋지 않습니다.",
)
SEED_QUERY = "오늘은 눈이 오지 않아서 다행입니다"


@dataclass(frozen=True)
class Hit:
    position: int  # where the text sits in the index (the seed's ``I``)
    text: str
    score: float  # the seed's ``D``: similarity for "ip", squared distance for "l2"


def embed(
    client: OpenAI, texts: Sequence[str], *, model: str = EMBEDDING_MODEL, batch_size: int
) -> npt.NDArray[np.float32]:
    """One row per text, in order, ``batch_size`` texts per request."""
    rows: list[list[float]] = []
    for start in range(0, len(texts), batch_size):
        batch = list(texts[start : start + batch_size])
        response = client.embeddings.create(model=model, input=batch)
        # The API may return items out of order; ``index`` says which input each one is.
        rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
    return np.asarray(rows, dtype=np.float32)


class SemanticIndex:
    def __init__(
        self,
        client: OpenAI,
        *,
        model: str = EMBEDDING_MODEL,
        metric: Metric = "ip",
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        if metric not in ("ip", "l2"):
            raise ValueError(f"metric must be 'ip' or 'l2', not {metric!r}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.client = client
        self.model = model
        self.metric: Metric = metric
        self.batch_size = batch_size
        self.texts: list[str] = []
        self._index: Any = None  # a faiss.Index once the first texts arrive

    def __len__(self) -> int:
        return len(self.texts)

    def _vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import faiss

        vectors = embed(self.client, texts, model=self.model, batch_size=self.batch_size)
        if self.metric == "ip":
            faiss.normalize_L2(vectors)
        return vectors

    def add(self, texts: Iterable[str]) -> None:
        import faiss

        batch = list(texts)
        if not batch:
            return
        vectors = self._vectors(batch)
        if self._index is None:
            dim = vectors.shape[1]
            self._index = faiss.IndexFlatIP(dim) if self.metric == "ip" else faiss.IndexFlatL2(dim)
        self._index.add(vectors)
        self.texts.extend(batch)

    def search(self, query: str, k: int = 1) -> list[Hit]:
        if self._index is None:
            return []
        scores, positions = self._index.search(self._vectors([query]), min(k, len(self.texts)))
        return [
            Hit(int(p), self.texts[int(p)], float(s))
            for s, p in zip(scores[0], positions[0], strict=True)
            if p >= 0
        ]

    def save(self, directory: Path) -> None:
        """The Faiss index and the texts beside it, in ``directory``."""
        import faiss

        if self._index is None:
            raise ValueError("nothing to save: the index is empty")
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(directory / INDEX_FILE))
        meta = {"model": self.model, "metric": self.metric, "texts": self.texts}
        (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(
        cls, client: OpenAI, directory: Path, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> SemanticIndex:
        import faiss

        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        index = cls(client, model=meta["model"], metric=meta["metric"], batch_size=batch_size)
        index._index = faiss.read_index(str(directory / INDEX_FILE))
        index.texts = list(meta["texts"])
        if index._index.ntotal != len(index.texts):
            raise ValueError(f"{directory}: the index and the texts disagree")
        return index
