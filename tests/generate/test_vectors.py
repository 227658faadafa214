from __future__ import annotations

import base64
import hashlib
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver import tokens
from mockserver.catalogue import Catalogue
from mockserver.generate import vectors
from mockserver.generate.vectors import normalise, to_base64
from mockserver.resources.embeddings.handlers import space

CATALOGUE = Catalogue.load()
MODEL_DIMENSIONS = {
    m.id: m.dimensions for m in CATALOGUE if "embeddings" in m.endpoints and m.dimensions
}


def embed(texts: Any, model: str, dimensions: int | None = None) -> Any:
    """The vectors of ``model``'s space, as the embeddings endpoint makes them."""
    return vectors.embed(texts, space(CATALOGUE.get(model)), dimensions)


MODELS = sorted(MODEL_DIMENSIONS)
_ROOT = Path(__file__).resolve().parents[2]
V3 = ["text-embedding-3-large", "text-embedding-3-small"]

texts_st = st.lists(st.text(max_size=60), min_size=1, max_size=4)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a.astype(np.float64), b.astype(np.float64)))


@pytest.mark.parametrize("model", MODELS)
@settings(max_examples=50, deadline=None)
@given(texts=texts_st)
def test_rows_are_float32_unit_vectors(model: str, texts: list[str]) -> None:
    out = embed(texts, model)
    assert out.dtype == np.float32
    assert out.shape == (len(texts), MODEL_DIMENSIONS[model])
    assert np.all(np.isfinite(out))
    norms = np.linalg.norm(out.astype(np.float64), axis=1)
    assert np.all(np.abs(norms - 1.0) < 1e-5)


@settings(max_examples=50, deadline=None)
@given(texts=texts_st, extra=st.lists(st.text(max_size=60), max_size=3))
def test_a_row_depends_only_on_its_text(texts: list[str], extra: list[str]) -> None:
    alone = embed(texts[:1], "text-embedding-3-small")
    batched = embed([*extra, texts[0], *texts[1:]], "text-embedding-3-small")
    assert np.array_equal(alone[0], batched[len(extra)])
    assert np.array_equal(alone, embed(texts[:1], "text-embedding-3-small"))


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=20))
def test_token_ids_given_are_the_ones_the_vectors_would_encode(texts: list[str]) -> None:
    # The endpoint hands over the usage's token ids: a few texts (summed from known rows) or
    # many (the sketch), the vectors are the bytes of the texts tokenised here.
    target = space(CATALOGUE.get("text-embedding-3-small"))
    ids = [tokens.encode(text, vectors.VECTOR_ENCODING) for text in texts]
    given_ids = vectors.embed(texts, target, token_ids=ids)
    assert given_ids.tobytes() == vectors.embed(texts, target).tobytes()


def test_token_ids_given_are_used() -> None:
    target = space(CATALOGUE.get("text-embedding-3-small"))
    other = tokens.encode("something else entirely", vectors.VECTOR_ENCODING)
    for texts in (["hello"], ["hello"] * 20):
        plain = vectors.embed(texts, target)
        assert not np.array_equal(
            vectors.embed(texts, target, token_ids=[other] * len(texts)), plain
        )


def test_empty_and_blank_texts_give_unit_vectors() -> None:
    out = embed(["", " ", "\n\t", "!!!"], "text-embedding-3-small")
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert embed([], "text-embedding-3-large").shape == (0, 3072)


def test_models_differ() -> None:
    small = embed(["the same text"], "text-embedding-3-small")[0]
    ada = embed(["the same text"], "text-embedding-ada-002")[0]
    assert small.shape == ada.shape
    assert abs(_cos(small, ada)) < 0.2


KOREAN_TARGETS = [
    "좋아하는 음식은 무엇인가요?",
    "어디에 살고 계신가요?",
    "아침 전철은 혼잡하네요",
    "오늘 날씨가 화창합니다",
    "요즘 경기가 좋지 않습니다.",
]


@pytest.mark.parametrize("model", MODELS)
def test_korean_nearest_neighbour_shares_the_stem(model: str) -> None:
    query = "오늘은 눈이 오지 않아서 다행입니다"
    out = embed([query, *KOREAN_TARGETS], model)
    distances = np.linalg.norm(out[1:].astype(np.float64) - out[0], axis=1)
    assert KOREAN_TARGETS[int(np.argmin(distances))] == "오늘 날씨가 화창합니다"


# Two disjoint alphabets: words drawn from different ones share no word, 3-gram or token.
_LEFT, _RIGHT = "abcdefghijklm", "nopqrstuvwxyz"  # disjoint letters: no shared 3-grams


def _triples(count: int) -> list[tuple[str, str, str]]:
    """Seeded (first, second, other): the first two share one word, the third shares nothing."""
    rng = random.Random(0)

    def words(alphabet: str, low: int, high: int) -> list[str]:
        return [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 8)))
            for _ in range(rng.randint(low, high))
        ]

    triples = []
    for _ in range(count):
        shared = words(_LEFT, 1, 1)
        first = " ".join(shared + words(_LEFT, 2, 3))
        second = " ".join(words(_LEFT, 2, 3) + shared)
        triples.append((first, second, " ".join(words(_RIGHT, 3, 4))))
    return triples


@pytest.mark.parametrize("model", MODELS)
def test_shared_words_bring_texts_nearer_on_the_whole(model: str) -> None:
    # Feature hashing makes this hold on average, not for every triple: a chance collision
    # between two disjoint texts can outweigh one short shared word (hypothesis once found
    # such a triple). So a fixed sample: nearly all must be ordered right, by a clear margin.
    triples = _triples(200)
    out = embed([text for triple in triples for text in triple], model)
    margins = np.array(
        [
            min(_cos(f, s) - _cos(f, o), _cos(f, s) - _cos(s, o))
            for f, s, o in (out[k : k + 3] for k in range(0, len(out), 3))
        ]
    )
    assert (margins > 0).mean() >= 0.97
    assert margins.mean() >= 0.05


@pytest.mark.parametrize(("model", "low", "high"), [(m, 0.05, 0.35) for m in V3])
def test_unrelated_texts_are_not_orthogonal(model: str, low: float, high: float) -> None:
    texts = ["The cat sat on the mat.", "Quarterly revenue grew by 8%.", "파이썬 코드를 작성하세요"]
    out = embed(texts, model).astype(np.float64)
    sims = [out[i] @ out[j] for i in range(3) for j in range(i + 1, 3)]
    assert all(low < s < high for s in sims), sims


@pytest.mark.parametrize("model", V3)
@settings(max_examples=50, deadline=None)
@given(texts=texts_st, fraction=st.floats(min_value=0.0, max_value=1.0))
def test_dimensions_truncate_then_renormalise(
    model: str, texts: list[str], fraction: float
) -> None:
    width = MODEL_DIMENSIONS[model]
    dims = max(1, int(fraction * width))
    full = embed(texts, model)
    short = embed(texts, model, dims)
    assert short.shape == (len(texts), dims)
    assert np.array_equal(short, normalise(full[:, :dims]))
    head = full[:, :dims].astype(np.float64)
    expected = head / np.linalg.norm(head, axis=1, keepdims=True)
    assert np.allclose(short, expected, atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=40))
def test_base64_round_trips_what_the_sdk_decodes(text: str) -> None:
    vector = embed([text], "text-embedding-3-small")[0]
    decoded = np.frombuffer(base64.b64decode(to_base64(vector)), dtype="float32")
    assert decoded.tolist() == vector.tolist()


@pytest.mark.parametrize("model", MODELS)
def test_projection_is_exact_on_both_paths(model: str) -> None:
    target = space(CATALOGUE.get(model))
    projection = vectors._projection(target.name, target.width).astype(np.int64)
    small = vectors._sketch(["a small text", "오늘 날씨가 화창합니다"])
    # Entries this large push the partial sums past 2**24: the float64 path.
    huge = np.random.default_rng(0).integers(-(2**20), 2**20, (2, vectors.SKETCH))
    for sketch in (small, huge.astype(np.float64)):
        exact = sketch.astype(np.int64) @ projection  # integer matmul: no rounding at all
        assert np.array_equal(vectors._project(sketch, target), exact.astype(np.float64))


def test_a_long_text_does_not_change_its_neighbours() -> None:
    long = " ".join(f"word{i}" for i in range(3000))
    both = embed([long, "hello"], "text-embedding-3-large")
    assert np.array_equal(both[1], embed(["hello"], "text-embedding-3-large")[0])
    assert abs(float(np.linalg.norm(both[0])) - 1.0) < 1e-5


# Over one projection block, so BLAS gets work to split between threads.
_SAMPLE = [
    "hello world",
    "오늘 날씨가 화창합니다",
    "",
    "The quick brown fox. " * 20,
    *(
        f"note {i}: the {['red', 'blue', 'green'][i % 3]} kite flew at {i * 7} metres"
        for i in range(600)
    ),
]


def _digest(model: str) -> str:
    return hashlib.sha256(embed(_SAMPLE, model).tobytes()).hexdigest()


def test_bytes_identical_in_a_fresh_single_threaded_process() -> None:
    script = textwrap.dedent(
        f"""
        import hashlib
        from tests.generate.test_vectors import _SAMPLE, embed
        for model in {MODELS!r}:
            print(hashlib.sha256(embed(_SAMPLE, model).tobytes()).hexdigest())
        """
    )
    # Another hash salt and one BLAS thread: neither may change a byte.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=_ROOT,
    )
    assert done.stdout.split() == [_digest(m) for m in MODELS]


# Recorded once; a change here means vectors changed for every user (or the platform differs).
GOLDEN = {
    "text-embedding-3-small": "44a131ee9ca1b3ab21f2c1366da76d49e2e801c3e10b688a98a61964a35c79bd",
    "text-embedding-3-large": "cc26fc3ef8cb053cb1c93fd11bed1fd57872d2c4606ceb25143bb87e6e3e42c5",
    "text-embedding-ada-002": "3d6e6e4869cf6881856142b89d142082e25e0c35a814413d40d58e4ecff5d2f1",
}


@pytest.mark.parametrize("model", MODELS)
def test_golden_bytes(model: str) -> None:
    assert _digest(model) == GOLDEN[model]


def test_vectors_do_not_depend_on_what_the_word_cache_remembers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cache of word slots empties itself when full: forgetting must change no byte.
    before = embed(_SAMPLE[:80], "text-embedding-3-small")
    monkeypatch.setattr(vectors, "_WORDS_MAX", 5)
    vectors._words.clear()
    assert np.array_equal(embed(_SAMPLE[:80], "text-embedding-3-small"), before)
    assert len(vectors._words) <= 5 + 80 * 20
    one_by_one = np.concatenate([embed([t], "text-embedding-3-small") for t in _SAMPLE[:80]])
    assert np.array_equal(one_by_one, before)


@pytest.mark.parametrize("model", MODELS)
@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet="abc 가나다은는 .'1", max_size=80) | st.text(max_size=40),
        min_size=1,
        max_size=3,
    )
)
def test_a_few_texts_summed_from_feature_vectors_match_the_sketch(
    model: str, texts: list[str]
) -> None:
    # A few texts are summed from cached word and token vectors; a larger batch goes through
    # the sketch. Both must give the same bytes, repeated words and Korean endings included.
    padding = [f"padding text {i}" for i in range(vectors._FEW + 1)]
    assert np.array_equal(embed(texts, model), embed([*texts, *padding], model)[: len(texts)])


@pytest.mark.parametrize("model", MODELS)
def test_texts_near_the_few_text_bound_match_the_sketch(model: str) -> None:
    # Long digit words: their magnitudes (slot weights summed) put some of these texts over the
    # bound that keeps float32 sums exact (those take the sketch's path), some under it; one
    # long word among short ones is over the quick bound (the largest magnitude times every
    # multiplicity) and under the exact one.
    rng = random.Random(3)
    texts = [" ".join(str(rng.randrange(10**39, 10**40)) for _ in range(n)) for n in (200, 300)]
    texts.append(f"{rng.randrange(10**499, 10**500)} " + "hello world " * 20)
    padding = [f"padding text {i}" for i in range(vectors._FEW + 1)]
    for text in texts:
        assert np.array_equal(embed([text], model), embed([text, *padding], model)[:1])


def test_feature_vectors_forgotten_when_full_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"kite {i} of reader {i * 7} over Seoul" for i in range(30)]
    # More words and tokens than the smaller table below holds: that text takes the sketch's
    # path, with the same bytes.
    texts.append("one two three four five six seven eight nine ten eleven twelve")
    before = np.concatenate([embed([t], "text-embedding-3-small") for t in texts])
    target = space(CATALOGUE.get("text-embedding-3-small"))
    known = vectors._feature_rows(target.name, target.width).known
    monkeypatch.setattr(vectors, "_VECTORS_MAX", 16)
    known.clear()
    after = np.concatenate([embed([t], "text-embedding-3-small") for t in texts])
    assert np.array_equal(before, after)
    assert 0 < len(known) <= 16
