"""POST /v1/embeddings: shape, dimensions, unit norm, base64 equal to floats, usage, indices,
and the seed's faiss similarity search."""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np
import pytest
from openai.types import CreateEmbeddingResponse

from . import checks, schemas
from .target import Target

ENDPOINT = "/v1/embeddings"
COMPONENT = "CreateEmbeddingResponse"
TEXT = "오늘은 눈이 오지 않아서 다행입니다"
TARGETS = [
    "좋아하는 음식은 무엇인가요?",
    "어디에 살고 계신가요?",
    "아침 전철은 혼잡하네요",
    "오늘 날씨가 화창합니다",
    "요즘 경기가 좋지 않습니다.",
]


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


def create(target: Target, **body: Any) -> dict[str, Any]:
    body.setdefault("model", target.models.embedding)
    body.setdefault("input", TEXT)
    data: dict[str, Any] = checks.expect_json(
        target.post("/embeddings", body), CreateEmbeddingResponse, COMPONENT
    )
    return data


def norm(vector: list[float]) -> float:
    return math.sqrt(sum(x * x for x in vector))


@at("shape")
def test_embedding_shape_and_norm(target: Target) -> None:
    data = create(target)
    assert data["object"] == "list"
    assert data["model"].startswith(target.models.embedding), data["model"]
    (item,) = data["data"]
    assert item["object"] == "embedding" and item["index"] == 0
    assert len(item["embedding"]) == 1536, f"{len(item['embedding'])} dimensions, expected 1536"
    assert abs(norm(item["embedding"]) - 1) < 1e-3, f"norm {norm(item['embedding'])}"


@at("dimensions")
def test_dimensions_parameter(target: Target) -> None:
    vector = create(target, dimensions=256)["data"][0]["embedding"]
    assert len(vector) == 256, f"{len(vector)} dimensions, expected 256"
    assert abs(norm(vector) - 1) < 1e-3, f"shortened vector not renormalised: {norm(vector)}"


@at("base64")
def test_base64_equals_floats(target: Target) -> None:
    floats = create(target, input="base64 check")["data"][0]["embedding"]
    body = {"model": target.models.embedding, "input": "base64 check", "encoding_format": "base64"}
    response = target.post("/embeddings", body)
    assert response.status_code == 200, response.text[:300]
    data = checks.body_of(response)
    encoded = data["data"][0]
    assert isinstance(encoded["embedding"], str), "base64 embedding is not a string"
    decoded = np.frombuffer(base64.b64decode(encoded["embedding"], validate=True), dtype="<f4")
    # the SDK types declare floats only: check the rest of the shape with the decoded vector
    encoded["embedding"] = [float(x) for x in decoded]
    schemas.validate_sdk(CreateEmbeddingResponse, data)
    assert decoded.shape == (len(floats),), f"{decoded.shape} vs {len(floats)} floats"
    # the real API's vectors vary in the last bits between calls; the mock's are exact
    tol = 0.0 if target.is_mock else 1e-3
    worst = float(np.max(np.abs(decoded - np.asarray(floats, dtype="<f4"))))
    assert worst <= tol, f"base64 vector differs from the float vector by up to {worst}"


@at("usage")
def test_list_input_indices_and_usage(target: Target) -> None:
    data = create(target, input=TARGETS)
    assert [d["index"] for d in data["data"]] == list(range(len(TARGETS)))
    usage = data["usage"]
    expected = sum(checks.count_tokens(t, "cl100k_base") for t in TARGETS)
    assert usage["prompt_tokens"] == expected, (
        f"prompt_tokens {usage['prompt_tokens']} != {expected}"
    )
    assert usage["total_tokens"] == usage["prompt_tokens"]


@at("token input")
def test_token_array_input(target: Target) -> None:
    tokens = checks.encoding("cl100k_base").encode("Good Morning")
    data = create(target, input=[tokens])
    assert data["usage"]["prompt_tokens"] == len(tokens)


@at("seed examples")
def test_seed_faiss_similarity_search(target: Target) -> None:
    import faiss

    client = target.sdk()
    query = client.embeddings.create(input=TEXT, model=target.models.embedding)
    corpus = client.embeddings.create(input=TARGETS, model=target.models.embedding)
    q = np.array([r.embedding for r in query.data]).astype("float32")
    c = np.array([r.embedding for r in corpus.data]).astype("float32")
    index = faiss.IndexFlatL2(1536)
    index.add(c)
    distances, indices = index.search(q, 1)
    assert 0 <= int(indices[0][0]) < len(TARGETS)
    assert distances[0][0] >= 0
