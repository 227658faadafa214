"""POST /v1/embeddings through the real SDK (which asks for base64 unless told otherwise) and
raw HTTP for the float body and the error envelopes."""

from __future__ import annotations

import base64
import json
from typing import Any

import faiss
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openai.types import CreateEmbeddingResponse

from mockserver import tokens
from tests import strategies
from tests.conftest import envelope
from tests.schema_check import validate_openapi, validate_sdk

SMALL, LARGE, ADA = "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"
INVALID_INPUT = (
    "'$.input' is invalid. Please check the API reference: "
    "https://platform.openai.com/docs/api-reference."
)
TARGETS = [
    "좋아하는 음식은 무엇인가요?",
    "어디에 살고 계신가요?",
    "아침 전철은 혼잡하네요",
    "오늘 날씨가 화창합니다",
    "요즘 경기가 좋지 않습니다.",
]
HYPOTHESIS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def post(http: Any, body: dict[str, Any]) -> Any:
    return http.post("/v1/embeddings", json=body)


def floats(http: Any, texts: Any, model: str = SMALL, **extra: Any) -> np.ndarray:
    response = post(http, {"model": model, "input": texts, "encoding_format": "float", **extra})
    assert response.status_code == 200, response.text
    data = response.json()
    validate_sdk(CreateEmbeddingResponse, data)
    validate_openapi("CreateEmbeddingResponse", data)
    return np.array([d["embedding"] for d in data["data"]], dtype=np.float32)


# --- the seed's Faiss example ----------------------------------------------------------------


def test_seed_faiss_model_typo_is_the_real_404(openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.NotFoundError) as info:
        openai_client.embeddings.create(
            input="오늘은 눈이 오지 않아서 다행입니다", model="text-embedding-3-sm"
        )
    assert info.value.code == "model_not_found"
    assert info.value.message.endswith(
        "The model `text-embedding-3-sm` does not exist or you do not have access to it."
    )


def test_seed_faiss_finds_the_sunny_day(openai_client: Any) -> None:
    query = openai_client.embeddings.create(input="오늘은 눈이 오지 않아서 다행입니다", model=SMALL)
    q = np.array([r.embedding for r in query.data]).astype("float32")
    targets = openai_client.embeddings.create(input=TARGETS, model=SMALL)
    t = np.array([r.embedding for r in targets.data]).astype("float32")
    index = faiss.IndexFlatL2(1536)
    index.add(t)
    distances, ids = index.search(q, 1)
    assert TARGETS[ids[0][0]] == "오늘 날씨가 화창합니다"
    assert 0 < distances[0][0] < 2
    assert targets.usage.prompt_tokens == sum(tokens.count(x, "cl100k_base") for x in TARGETS)


# --- shapes and formats ----------------------------------------------------------------------


@pytest.mark.parametrize(("model", "width"), [(SMALL, 1536), (LARGE, 3072), (ADA, 1536)])
def test_model_widths(mock_http: Any, model: str, width: int) -> None:
    assert floats(mock_http, ["a", "b"], model).shape == (2, width)


def test_body_layout_is_the_real_one(mock_http: Any) -> None:
    response = post(mock_http, {"model": SMALL, "input": "hi", "encoding_format": "float"})
    assert response.headers["content-type"].startswith("application/json")
    data = json.loads(response.text)
    assert list(data) == ["object", "data", "model", "usage"]
    assert list(data["data"][0]) == ["object", "index", "embedding"]
    assert data["model"] == SMALL and data["usage"] == {"prompt_tokens": 1, "total_tokens": 1}
    assert response.text.startswith('{\n  "object": "list",\n  "data": [\n    {\n')


def test_sdk_default_is_base64_and_decodes_to_the_floats(
    openai_client: Any, mock_http: Any
) -> None:
    raw = post(mock_http, {"model": SMALL, "input": TARGETS, "encoding_format": "base64"}).json()
    assert isinstance(raw["data"][0]["embedding"], str)
    decoded = np.stack(
        [np.frombuffer(base64.b64decode(d["embedding"]), dtype="<f4") for d in raw["data"]]
    )
    sdk = openai_client.embeddings.create(input=TARGETS, model=SMALL)
    assert np.array_equal(np.array([d.embedding for d in sdk.data], dtype=np.float32), decoded)
    assert np.array_equal(decoded, floats(mock_http, TARGETS))


def test_token_inputs_embed_as_their_text(mock_http: Any) -> None:
    ids = tokens.encode("오늘 날씨가 화창합니다", "cl100k_base")
    response = post(
        mock_http, {"model": SMALL, "input": [ids, ids[:3]], "encoding_format": "float"}
    )
    assert response.json()["usage"]["prompt_tokens"] == len(ids) + 3
    assert np.array_equal(floats(mock_http, ids), floats(mock_http, "오늘 날씨가 화창합니다"))


def test_dimensions_shorten_by_renormalised_prefix(mock_http: Any) -> None:
    full = floats(mock_http, TARGETS, LARGE)
    short = floats(mock_http, TARGETS, LARGE, dimensions=256)
    assert short.shape == (5, 256)
    expected = full[:, :256] / np.linalg.norm(full[:, :256], axis=1, keepdims=True)
    assert np.allclose(short, expected, atol=1e-6)


# --- errors ----------------------------------------------------------------------------------


def test_ada_refuses_dimensions(mock_http: Any) -> None:
    response = post(mock_http, {"model": ADA, "input": "x", "dimensions": 512})
    assert response.status_code == 400
    assert envelope(response) == {
        "message": "This model does not support specifying dimensions.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }


@pytest.mark.parametrize(
    ("dims", "code"), [(0, "integer_below_min_value"), (1537, "integer_above_max_value")]
)
def test_dimensions_range(mock_http: Any, dims: int, code: str) -> None:
    response = post(mock_http, {"model": SMALL, "input": "x", "dimensions": dims})
    assert response.status_code == 400 and envelope(response)["code"] == code


@pytest.mark.parametrize("value", ["", [""], ["a", ""], [], [[]], [1, "a"], [[1], ["a"]], [-5]])
def test_invalid_inputs_are_the_schema_error(mock_http: Any, value: Any) -> None:
    response = post(mock_http, {"model": SMALL, "input": value})
    assert response.status_code == 400
    assert envelope(response) == {
        "message": INVALID_INPUT, "type": "invalid_request_error", "param": None, "code": None,
    }  # fmt: skip


def test_more_than_2048_inputs(mock_http: Any) -> None:
    ok = {"model": SMALL, "input": ["x"] * 2048, "encoding_format": "base64"}
    assert len(post(mock_http, ok).json()["data"]) == 2048
    response = post(mock_http, {"model": SMALL, "input": ["x"] * 2049})
    assert envelope(response)["message"] == INVALID_INPUT


def test_token_inputs_that_spell_a_text_otherwise_embed_as_that_text(mock_http: Any) -> None:
    # "hello world" sent as the ids of "hel" and "lo world": not the ids its text tokenises to,
    # so they are not the ones its vector is made from.
    ids = tokens.encode("hel", "cl100k_base") + tokens.encode("lo world", "cl100k_base")
    assert ids != tokens.encode("hello world", "cl100k_base")
    assert np.array_equal(floats(mock_http, ids), floats(mock_http, "hello world"))
    assert np.array_equal(floats(mock_http, [ids] * 20), floats(mock_http, ["hello world"] * 20))


def test_an_input_over_8192_tokens(mock_http: Any) -> None:
    assert post(mock_http, {"model": SMALL, "input": [15339] * 8192}).status_code == 200
    response = post(mock_http, {"model": SMALL, "input": [[15339] * 5, [15339] * 8193]})
    assert response.status_code == 400
    assert envelope(response)["message"] == (
        "This model's maximum context length is 8192 tokens, however you requested 8193 tokens "
        "(8193 in your prompt; 0 for the completion). Please reduce your prompt; or completion "
        "length."
    )


def test_one_text_is_counted_and_held_to_the_window_by_its_own_tokens(mock_http: Any) -> None:
    # One string (most requests) is tokenised on its own path: its usage and its 400 must be
    # those of the same text sent in a list.
    text = "hello" + " hello" * 8191
    longer = text + " hello"
    assert len(tokens.encode(text, "cl100k_base")) == 8192
    for sent, over in ((text, longer), ([text], [longer])):
        usage = post(mock_http, {"model": SMALL, "input": sent}).json()["usage"]
        assert usage == {"prompt_tokens": 8192, "total_tokens": 8192}
        response = post(mock_http, {"model": SMALL, "input": over})
        assert response.status_code == 400
        assert envelope(response)["message"].startswith(
            "This model's maximum context length is 8192 tokens, however you requested 8193 "
        )


def test_too_many_tokens_in_one_request(mock_http: Any) -> None:
    response = post(mock_http, {"model": SMALL, "input": [[15339] * 8000] * 38})
    error = envelope(response)
    assert error["message"] == "Requested 304000 tokens, max 300000 tokens per request"
    assert error["type"] == error["code"] == "max_tokens_per_request"


def test_bad_encoding_format_and_missing_input(mock_http: Any) -> None:
    bad = envelope(post(mock_http, {"model": SMALL, "input": "x", "encoding_format": "int8"}))
    assert bad["message"] == "Invalid value: 'int8'. Supported values are: 'float' and 'base64'."
    missing = envelope(post(mock_http, {"model": SMALL}))
    assert missing["message"] == "Missing required parameter: 'input'."


def test_a_chat_model_is_not_an_embedding_model(mock_http: Any) -> None:
    response = post(mock_http, {"model": "gpt-4o", "input": "x"})
    assert response.status_code == 404 and envelope(response)["param"] == "model"


# --- properties ------------------------------------------------------------------------------

texts = st.text(min_size=1, max_size=40).filter(lambda t: t != "")
WORDS = ["river", "mountain", "coffee", "library", "engine", "garden", "planet", "violin",
         "바다", "하늘", "커피", "도서관", "자동차", "고양이", "음악", "학교"]  # fmt: skip


@HYPOTHESIS
@given(batch=st.lists(texts, min_size=1, max_size=4), model=st.sampled_from([SMALL, LARGE, ADA]))
def test_unit_norm_determinism_and_base64(mock_http: Any, batch: list[str], model: str) -> None:
    first = floats(mock_http, batch, model)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, floats(mock_http, list(reversed(batch)), model)[::-1])
    raw = post(mock_http, {"model": model, "input": batch, "encoding_format": "base64"}).json()
    decoded = [np.frombuffer(base64.b64decode(d["embedding"]), "<f4") for d in raw["data"]]
    assert np.array_equal(np.stack(decoded), first)
    usage = raw["usage"]
    assert usage["prompt_tokens"] == usage["total_tokens"]
    assert usage["prompt_tokens"] == sum(tokens.count(t, "cl100k_base") for t in batch)


@HYPOTHESIS
@given(dims=st.integers(1, 1536), batch=st.lists(texts, min_size=1, max_size=3))
def test_dimensions_prefix_rule(mock_http: Any, dims: int, batch: list[str]) -> None:
    full = floats(mock_http, batch)
    short = floats(mock_http, batch, dimensions=dims)
    prefix = full[:, :dims].astype(np.float64)
    expected = prefix / np.linalg.norm(prefix, axis=1, keepdims=True)
    assert short.shape == (len(batch), dims)
    assert np.allclose(short, expected, atol=1e-5)


@HYPOTHESIS
@given(words=st.permutations(WORDS))
def test_shared_words_are_nearer_than_disjoint_ones(mock_http: Any, words: list[str]) -> None:
    a = " ".join(words[0:3])
    b = " ".join([*words[0:2], words[3]])  # shares two of three words with a
    c = " ".join(words[4:7])  # shares none
    va, vb, vc = floats(mock_http, [a, b, c])
    assert float(va @ vb) > float(va @ vc)


json_values = strategies.json_values()


@HYPOTHESIS
@given(
    body=st.dictionaries(
        st.sampled_from(["input", "model", "dimensions", "encoding_format", "user", "bogus"]),
        json_values,
        max_size=4,
    )
)
def test_no_5xx_for_generated_requests(mock_http: Any, body: dict[str, Any]) -> None:
    response = post(mock_http, {"model": SMALL, "input": "x", **body})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        envelope(response)
