"""Deterministic embeddings that still carry meaning.

A text becomes a bag of weighted features (lower-cased words and crude stems, character 3-grams,
cl100k tokens), hashed (BLAKE2b for strings, SplitMix64 for token ids; never the salted
``hash()``) into a signed count sketch of ``SKETCH`` buckets, then expanded to the model's width
by a fixed pseudo-random matrix per model. Texts that share words or word pieces share sketch
entries, so their vectors are nearer than those of texts that share nothing.

Bit-identical output on every machine: feature weights and the projection matrix are small
integers, so the sketch and its projection are exact integers (float32 while they stay below
2**24, else float64). Exact integer sums do not depend on summation order, so BLAS may thread,
block or fuse as it likes. Only the normalisation rounds, elementwise and in numpy's fixed
reduction order.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import threading
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain, pairwise
from typing import TYPE_CHECKING, TypeVar

import pybase64

from ..randomness import derive_numpy
from ..tokens import get_encoding

if TYPE_CHECKING:  # numpy is imported on first use (see randomness)
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float64]
    Vectors = npt.NDArray[np.float32]
    IntArray = npt.NDArray[np.int64]
    Pairs = npt.NDArray[np.int16]

# Sketch width: cosine noise between unrelated texts is about 1/sqrt(SKETCH); the projection
# costs n * SKETCH * D flops, so this trades realism for speed.
SKETCH = 1024
# Slots per feature. One slot would make a chance collision of two heavy features (short
# texts have few) swing a cosine by 0.3; spread over several, each collision moves it little.
_HASHES = 4

# Integer weights per feature kind: whole words count most, tokens next, 3-grams least (there
# are many of them). Kept integral so the sketch stays exact.
_WORD_WEIGHT = 6
_TOKEN_WEIGHT = 3
_FRAGMENT_WEIGHT = 1
_STEM_WEIGHT = 4
_GRAM_WEIGHT = 2

# Projection entries are small integers (a rounded, clipped Gaussian): continuous-looking
# output, yet exact arithmetic.
_PROJECTION_MAX = 127.0
# Batches up to this many rows project through the rows of the buckets they use; larger ones
# use nearly every bucket, and copying those rows would cost more than it saves.
_FEW = 16


@dataclass(frozen=True)
class Space:
    """A model's embedding space: its name (which seeds the projection), its width, and the
    weight ``bias`` of a shared direction, so unrelated texts are not orthogonal: their cosine
    is about bias^2 / (1 + bias^2). The catalogue holds each model's values."""

    name: str
    width: int
    bias: float


_WORD = re.compile(r"\w+")

# Token ids are below this; (text, token) pairs pack into one int64 key.
_TOKEN_SPACE = 1 << 20


# BLAKE2b set up once with the feature hash's parameters; copying it beats building anew.
_BLAKE = hashlib.blake2b(digest_size=4 * _HASHES, person=b"mock-embed")


def _blake_digest(feature: str) -> bytes:
    h = _BLAKE.copy()
    h.update(feature.encode("utf-8"))
    return h.digest()


def _slot_pairs(h: npt.NDArray[np.unsignedinteger], weights: IntArray) -> Pairs:
    """Features' slots as (sketch column, signed weight) int16 pairs, shape (features,
    ``_HASHES``, 2), from their hash bits ``h`` (features, ``_HASHES``) and integer weights:
    the column is h % SKETCH, the sign bit 20 of h (above the column's 10 bits)."""
    import numpy as np

    pairs = np.empty((*h.shape, 2), dtype=_PAIR)
    pairs[..., 0] = h % SKETCH
    column = weights[:, None]
    pairs[..., 1] = np.where(h & (1 << 20), -column, column)  # both below 2**15
    return pairs


# Korean particles and endings that attach to a stem ("오늘은" = "오늘" + "은"), longest first,
# and the English plural: stripping them gives a crude stem that also counts as a word, so
# inflected forms meet, as a real model's would.
_KOREAN_SUFFIXES = (
    "에서", "에게", "으로", "까지", "부터", "처럼", "보다", "하고", "이나", "은", "는", "이",
    "가", "을", "를", "에", "의", "도", "로", "와", "과", "만",
)  # fmt: skip


def _stem(word: str) -> str | None:
    if "가" <= word[-1] <= "힣":
        for suffix in _KOREAN_SUFFIXES:
            if len(word) > len(suffix) and word.endswith(suffix):
                return word[: -len(suffix)]
        return None
    if len(word) > 3 and word.isascii() and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def _features(word: str) -> tuple[list[str], list[int]]:
    """The features of one word and their integer weights: itself, its stem and its 3-grams.

    The 3-grams are taken inside the word padded with spaces (as fastText does), so "오늘은"
    and "오늘" still share the gram " 오늘" when no stem rule applies.
    """
    padded = f" {word} "
    every = [padded[i : i + 3] for i in range(len(padded) - 2)]
    grams = dict.fromkeys(every, 1)
    if len(grams) < len(every):  # a gram that recurs weighs more
        grams = {gram: tf.bit_length() for gram, tf in Counter(every).items()}
    features = ["w\x1f" + word, *("g\x1f" + g for g in grams)]
    weights = [_WORD_WEIGHT, *(_GRAM_WEIGHT * bits for bits in grams.values())]
    stem = _stem(word)
    if stem is not None:
        features.append("w\x1f" + stem)
        weights.append(_STEM_WEIGHT)
    return features, weights


# Words seen lately: each word's slots as bytes, (sketch column, signed weight) int16 pairs,
# little-endian (a word's bytes join with the others' in one C call). Emptied when full
# (about 9 MB), so memory stays flat under any traffic.
_WORDS_MAX = 1 << 15
_PAIR = "<i2"
_words: dict[str, bytes] = {}


def _learn(words: Sequence[str]) -> list[bytes]:
    """Put the slots of ``words`` (not yet known) in ``_words``, hashed in one pass; return
    them too (another thread may empty the cache before the caller reads it)."""
    import numpy as np

    if len(_words) + len(words) > _WORDS_MAX:
        _words.clear()
    features: list[str] = []
    weights: list[int] = []
    ends: list[int] = []
    for word in words:
        names, values = _features(word)
        features += names
        weights += values
        ends.append(len(features) * _HASHES * 4)
    # BLAKE2b (``hash()`` is salted per process): 32 bits of digest per slot.
    digests = b"".join(map(_blake_digest, features))
    h = np.frombuffer(digests, dtype="<u4").reshape(-1, _HASHES)
    pairs = _slot_pairs(h, np.array(weights)).tobytes()
    slots = [pairs[start:end] for start, end in pairwise([0, *ends])]
    _words.update(zip(words, slots, strict=True))
    return slots


@cache
def _token_weights() -> IntArray:
    """Weight per cl100k token id: a token of two or more characters carries meaning (mostly
    whole words); a single character or a fragment of one (common in Korean) much less."""
    import numpy as np

    encoding = get_encoding("cl100k_base")
    weights = np.full(encoding.n_vocab, _FRAGMENT_WEIGHT, dtype=np.int64)
    for token in range(encoding.n_vocab):
        try:
            text = encoding.decode_single_token_bytes(token).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            continue
        if len(text.strip()) >= 2:
            weights[token] = _TOKEN_WEIGHT
    return weights


def _token_hashes(tokens: IntArray) -> npt.NDArray[np.uint64]:
    """``_HASHES`` hashes per token id, shape (tokens, ``_HASHES``), from a vectorised
    SplitMix64 finaliser in uint64 arithmetic."""
    import numpy as np

    salts = np.arange(1, _HASHES + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    z = tokens.astype(np.uint64)[:, None] * np.uint64(_HASHES << 1) + salts
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    hashes: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return hashes


@cache
def _token_table() -> Pairs:
    """Every cl100k token id's slots, as ``_slot_pairs`` gives them, worked out once for the
    whole vocabulary (1.6 MB): a text's tokens then cost one lookup."""
    import numpy as np

    weights = _token_weights()
    return _slot_pairs(_token_hashes(np.arange(weights.size, dtype=np.int64)), weights)


# A token's slots in ``_token_bytes``: as many bytes as a word's slots per feature.
_TOKEN_BYTES = _HASHES * 4


@cache
def _token_bytes() -> memoryview:
    """The token table's bytes, token after token (``_words``' layout): a token's slots are a
    slice of it, joined with words' slots in one C call."""
    return _token_table().data.cast("B")


_Item = TypeVar("_Item", bound=Hashable)


def _sublinear(items: Sequence[_Item]) -> dict[_Item, int]:
    """Each distinct item with its sublinear term frequency, in integers: 1, 2-3, 4-7, ...
    occurrences weigh 1, 2, 3, ... (Counted in C; most texts repeat an item or two, a token
    " " before each number at least, so the count is not worth skipping.)"""
    counts = Counter(items)
    if len(counts) < len(items):
        for item, tf in counts.items():
            if tf > 1:
                counts[item] = tf.bit_length()
    return counts


def _word_counts(text: str) -> dict[str, int]:
    """A text's words, each with its sublinear term frequency."""
    return _sublinear(_WORD.findall(text.lower()))


# Each text's cl100k_base token ids (``encode_ordinary``), or None: encoded here.
TokenIds = Sequence[Sequence[int]] | None
VECTOR_ENCODING = "cl100k_base"


def _encoded(texts: Sequence[str], token_ids: TokenIds) -> Sequence[Sequence[int]]:
    if token_ids is not None:
        return token_ids
    encode = get_encoding(VECTOR_ENCODING).encode_ordinary
    return [encode(text) for text in texts]


def _sketch(texts: Sequence[str], token_ids: TokenIds = None) -> Matrix:
    """The (n, SKETCH) count sketch of the texts; every entry an exact integer."""
    import numpy as np

    counted = [_word_counts(text) for text in texts]
    new = {word: None for unique in counted for word in unique if word not in _words}
    if new:
        _learn(list(new))
    parts: list[bytes] = []
    word_slots: list[int] = []
    get = _words.get
    for unique in counted:
        size = 0
        for word, mult in unique.items():
            slots = get(word)
            if slots is None:  # forgotten while learning the others (the cache was full)
                slots = _learn([word])[0]
            if mult != 1:
                pairs = np.frombuffer(slots, _PAIR).reshape(-1, 2) * np.array([1, mult])
                slots = pairs.astype(_PAIR).tobytes()
            parts.append(slots)
            size += len(slots)
        word_slots.append(size >> 2)
    n = len(texts)
    words_both = np.frombuffer(b"".join(parts), _PAIR).reshape(-1, 2).T.astype(np.int64)

    # Tokens: count each (text, token) pair once, weighted by its sublinear frequency.
    token_parts = _encoded(texts, token_ids)
    every_id = np.fromiter(chain.from_iterable(token_parts), np.int64, sum(map(len, token_parts)))
    if n == 1:
        ids, counts = np.unique(every_id, return_counts=True)
    else:
        token_rows = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in token_parts])
        pairs, counts = np.unique(token_rows * _TOKEN_SPACE + every_id, return_counts=True)
        ids = pairs % _TOKEN_SPACE
    token_slots = _token_table()[ids]
    _, exponents = np.frexp(counts.astype(np.float64))  # == int.bit_length() for counts >= 1
    token_cols = token_slots[..., 0].ravel()
    token_vals = (token_slots[..., 1] * exponents[:, None]).ravel()
    if n == 1:  # one row: the columns are the flat indexes
        flat = np.concatenate([words_both[0], token_cols])
    else:
        word_rows = np.repeat(np.arange(n, dtype=np.int64), word_slots)
        token_rows = np.repeat(pairs // _TOKEN_SPACE, _HASHES)
        flat = np.concatenate(
            [word_rows * SKETCH + words_both[0], token_rows * SKETCH + token_cols]
        )
    vals = np.concatenate([words_both[1], token_vals])
    summed = np.bincount(flat, weights=vals, minlength=n * SKETCH)
    return np.asarray(summed, dtype=np.float64).reshape(n, SKETCH)


def _draw_projection(model: str, width: int) -> npt.NDArray[np.float32]:
    """The fixed (SKETCH, D) matrix for a model: N(0, 1) * 32 rounded to integers in
    [-127, 127] (12 MB for 3-large)."""
    import numpy as np

    rng = derive_numpy(0, "embedding-projection", model)
    normal = rng.standard_normal((SKETCH, width), dtype=np.float32)
    clipped = np.clip(np.rint(normal * np.float32(32.0)), -_PROJECTION_MAX, _PROJECTION_MAX)
    return np.asarray(clipped, dtype=np.float32)


def _projection(model: str, width: int) -> npt.NDArray[np.float32]:
    """The model's projection, built once: the first rows of its feature matrix."""
    return _feature_rows(model, width).matrix[:SKETCH]


def _project(sketch: Matrix, space: Space) -> npt.NDArray[np.floating]:
    """``sketch @ projection``, exactly: every partial sum is an integer the float type holds,
    so the result does not depend on how BLAS orders, blocks or fuses the sums. float32 (its
    integers exact) unless the sums could pass 2**24, then float64."""
    import numpy as np

    projection = _projection(space.name, space.width)
    bound = float(np.max(np.sum(np.abs(sketch), axis=1), initial=0.0)) * _PROJECTION_MAX
    if sketch.shape[0] <= _FEW:
        # Only the buckets some text uses matter: a small batch reads a few rows, not all 12 MB.
        used = np.flatnonzero(sketch[0] if sketch.shape[0] == 1 else np.any(sketch, axis=0))
        sketch = sketch[:, used]
        projection = projection[used]
    if bound < 2.0**24:  # float32 holds every integer below 2**24: the fast path
        if sketch.shape[0] == 1:
            # One text: numpy's own loop, not BLAS, whose threads cost a single vector-matrix
            # product milliseconds when the other core is busy (the load generator, say).
            row: npt.NDArray[np.float32] = np.einsum(
                "i,ij->j", sketch[0].astype(np.float32), projection
            )
            return row[None, :]
        return sketch.astype(np.float32) @ projection
    # Texts far longer than the API's 8191 tokens; float64 is exact up to 2**53.
    return sketch @ projection.astype(np.float64)


# A space's learnt features (words, by the word; tokens, by the id), each a row of one matrix:
# the feature's slots times the projection, its part of any text's product, as float32 exact
# integers. A short text is then one product over a few dozen rows instead of one over the
# hundreds of sketch buckets its words, 3-grams and tokens touch. Emptied when full: 2,048 rows
# per space (12 MB at 1536 wide, 24 MB at 3072; a row is resident once written).
_VECTORS_MAX = 2048
# Projection rows gathered at once while learning (6 MB at 1536 wide, 12 MB at 3072).
_GATHER = 1024


# Up to this many matrix entries, numpy's BLAS (OpenBLAS) works a vector-matrix product out on
# the calling thread, 2-5x faster than numpy's own loop; above it, it wakes its threads, which
# costs milliseconds when the other core is busy (the load generator, another request).
_ONE_THREAD = 1 << 17


def _weighted_sum(weights: Vectors, rows: Vectors, out: Vectors) -> None:
    """``weights @ rows`` into ``out``: integers whose sums stay below 2**24 (the callers
    check), so exact in float32 whichever way the sum is ordered."""
    import numpy as np

    if rows.size <= _ONE_THREAD:
        np.matmul(weights, rows, out=out)
    else:
        np.einsum("i,ij->j", weights, rows, out=out)


class _FeatureRows:
    """A space's projection and its learnt features' vectors, rows of one float32 matrix:
    ``[0, SKETCH)`` the projection, then a row per learnt feature. One matrix, so that a new
    feature's slots (projection rows) and a text's features (learnt rows) are each gathered
    by one ``take``."""

    def __init__(self, model: str, width: int) -> None:
        import numpy as np

        # Sized once: a smaller ``_VECTORS_MAX`` set later (by a test) only empties it sooner.
        self.matrix = np.empty((SKETCH + _VECTORS_MAX, width), dtype=np.float32)
        self.matrix[:SKETCH] = _draw_projection(model, width)
        # Feature -> its row. Rows are handed out in order and only forgotten all at once, so
        # the next free row is SKETCH + len(known).
        self.known: dict[str | int, int] = {}
        # Per learnt row (from SKETCH on), the sum of its slots' absolute weights: its entries
        # are below that times 127. And the largest of them, for a quick bound on a text's.
        self.magnitudes: list[int] = []
        self.largest = 0
        self.lock = threading.Lock()

    def forget(self) -> None:
        self.known.clear()
        self.magnitudes.clear()
        self.largest = 0

    def learn(self, features: Sequence[str | int]) -> None:
        """Give each of ``features`` (none known yet) its row: the slots of all of them decoded
        in one pass and gathered ``_GATHER`` at a time, then a vector-matrix product per
        feature. Exact: a sum of integers below 127 times its slots' weights. A feature whose
        sum could pass 2**24 gets a row but no vector: any text holding it fails the bound in
        ``_project_by_features`` (and its slots, a very long word's, could be millions)."""
        import numpy as np

        unlearnt = [f for f in features if isinstance(f, str) and f not in _words]
        if unlearnt:  # hashed in one pass
            _learn(unlearnt)
        token_bytes = _token_bytes()
        every: list[bytes | memoryview] = []
        for feature in features:
            if isinstance(feature, int):
                every.append(token_bytes[feature * _TOKEN_BYTES : (feature + 1) * _TOKEN_BYTES])
                continue
            slots = _words.get(feature)
            if slots is None:  # forgotten while learning the others (the cache was full)
                slots = _learn([feature])[0]
            every.append(slots)
        pairs = np.frombuffer(b"".join(every), _PAIR).reshape(-1, 2)
        weights = pairs[:, 1].astype(np.float32)
        starts = [0, *accumulate(len(slots) >> 2 for slots in every)]
        magnitudes = [int(m) for m in np.add.reduceat(np.abs(weights), starts[:-1]).tolist()]
        first = SKETCH + len(self.known)
        self.known.update(zip(features, range(first, first + len(features)), strict=True))
        self.magnitudes += magnitudes
        self.largest = max(self.largest, *magnitudes)
        begin, gathered = 0, None  # the slots gathered: from ``begin`` on
        for i, magnitude in enumerate(magnitudes):
            start, end = starts[i], starts[i + 1]
            if magnitude * _PROJECTION_MAX >= 2.0**24:
                continue
            if gathered is None or end > begin + len(gathered):
                stop = max(end, starts[bisect.bisect_right(starts, start + _GATHER) - 1])
                begin, gathered = start, self.matrix.take(pairs[start:stop, 0], axis=0)
            part = gathered[start - begin : end - begin]
            _weighted_sum(weights[start:end], part, self.matrix[first + i])

    def project(self, counts: dict[str | int, int], out: Vectors) -> bool:
        """Write into ``out`` a text's projection: the rows of its features (learnt first if
        new), each counted ``counts`` times. False, ``out`` unset, when the text has more
        features than the matrix holds or its sums could pass 2**24. One text at a time: a
        server thread and a test's own calls must not hand out the same row twice."""
        import numpy as np

        with self.lock:
            known = self.known
            if not counts.keys() <= known.keys():
                new = [feature for feature in counts if feature not in known]
                if len(known) + len(new) > _VECTORS_MAX:
                    if len(counts) > _VECTORS_MAX:
                        return False
                    self.forget()
                    new = list(counts)
                self.learn(new)
            if not counts:  # no features (e.g. ""): a zero row, as the sketch's
                out[:] = 0.0
                return True
            index = list(map(known.__getitem__, counts))
            # The sums stay below 2**24 if every term's magnitude times its multiplicity adds
            # up to less than 2**24 / 127: checked on the largest magnitude first (enough for
            # most texts), then, if need be, term by term.
            limit = 2.0**24 / _PROJECTION_MAX
            if self.largest * sum(counts.values()) >= limit:
                terms = zip(counts.values(), index, strict=True)
                if sum(mult * self.magnitudes[i - SKETCH] for mult, i in terms) >= limit:
                    return False
            rows = self.matrix.take(index, axis=0)
        coefficients = np.fromiter(counts.values(), np.float32, len(counts))
        _weighted_sum(coefficients, rows, out)
        return True


@cache
def _feature_rows(model: str, width: int) -> _FeatureRows:
    return _FeatureRows(model, width)


def _project_by_features(
    texts: Sequence[str], space: Space, token_ids: TokenIds = None
) -> npt.NDArray[np.float32] | None:
    """``_project(_sketch(texts), space)`` for a few short texts, summed from their words' and
    tokens' vectors with the sketch's multiplicities. The sketch is a sum over features and
    the projection is linear, so the integers are the same; they are exact whenever the sum of
    every term's magnitude stays below 2**24, which the bound checks (else None: the caller
    takes the sketch's path, which then also finds the same integers)."""
    import numpy as np

    rows = _feature_rows(space.name, space.width)
    out = np.empty((len(texts), space.width), dtype=np.float32)
    for row, (text, ids) in enumerate(zip(texts, _encoded(texts, token_ids), strict=True)):
        # Words and token ids (never equal: str and int) counted in one pass, each token once
        # per text weighted by its count's bit length, as a word.
        features: list[str | int] = [*_WORD.findall(text.lower()), *ids]
        if not rows.project(_sublinear(features), out[row]):
            return None
    return out


@cache
def _bias(model: str, width: int) -> Matrix:
    """The model's shared unit direction, as a (1, D) row."""
    import numpy as np

    rng = derive_numpy(0, "embedding-bias", model)
    direction = rng.standard_normal(width).reshape(1, -1)
    return _unit_rows(np.asarray(direction, dtype=np.float64))


def _unit_rows(matrix: Matrix) -> Matrix:
    """Rows scaled to unit length, in place; an all-zero row stays zero."""
    import numpy as np

    norms = np.sqrt(np.sum(np.square(matrix), axis=1, keepdims=True))
    matrix /= np.where(norms == 0.0, 1.0, norms)
    return matrix


def normalise(vectors: npt.NDArray[np.floating]) -> Vectors:
    """Rows scaled to unit L2 length in float64, returned as float32."""
    import numpy as np

    return _unit_rows(np.array(vectors, dtype=np.float64)).astype(np.float32)


# Rows per projection block: keeps the float64 temporaries cache-sized (12 MB at 3072).
_BLOCK = 512


def embed(
    texts: Sequence[str], space: Space, dimensions: int | None = None, token_ids: TokenIds = None
) -> Vectors:
    """Unit-length float32 embeddings, shape ``(len(texts), dims)``, one row per text.

    Depends only on ``(space, text)``. ``dimensions`` shortens as the v3 models do: the first
    ``dimensions`` components of the full vector, re-normalised. The caller validates it.
    ``token_ids``: each text's ``VECTOR_ENCODING`` ids, when the caller has them already (the
    usage count's), spared a second tokenisation; they must be ``encode_ordinary(text)``.
    """
    import numpy as np

    width = space.width
    few = _project_by_features(texts, space, token_ids) if len(texts) <= _FEW else None
    sketch = _sketch(texts, token_ids) if few is None else None
    unit_bias = _bias(space.name, width)
    full = np.empty((len(texts), width), dtype=np.float32)
    a = space.bias
    c = math.sqrt(1.0 + a * a)
    # float64 work rows, reused from block to block (fresh 12 MB arrays cost page faults).
    rows = min(len(texts), _BLOCK)
    work = np.empty((rows, width), dtype=np.float64)
    along = np.empty((rows, width), dtype=np.float64)
    f64 = np.float64
    for start in range(0, len(texts), _BLOCK):
        p: npt.NDArray[np.floating]
        if few is not None:  # a few texts: one block
            p = few
        else:
            assert sketch is not None
            p = _project(sketch[start : start + _BLOCK], space)
        k = p.shape[0]
        w, b = work[:k], along[:k]
        # Wanted: u = the text's direction with its part along the bias b removed, then
        # (u + a b) / c, so every text meets b at the same angle and unrelated texts sit at
        # cosine a^2 / c^2 without extra noise. With n2 = |p|^2, d = p.b, r = |p - d b|, that
        # is p / (r c) + b (a - d / r) / c: two row sums and one pass, all in float64. p is
        # made of integers, exact in float32 and in float64: widened once, here, since a
        # numpy operation that casts its input or output as it goes takes twice as long.
        np.copyto(w, p)
        scale_p: npt.NDArray[np.float64] | float
        scale_b: npt.NDArray[np.float64] | float
        if k == 1:
            # One text (most requests): both row sums by one call over a 2-row array (each
            # row summed alone, as below), the scalars as Python floats: the same IEEE double
            # operations as on 1x1 arrays, without a numpy call for each.
            both = np.empty((2, width), dtype=f64)
            np.square(w, out=both[:1])
            np.multiply(w, unit_bias, out=both[1:])
            n2_, d_ = both.sum(axis=1).tolist()
            r_ = math.sqrt(max(n2_ - d_ * d_, 0.0))
            scale_p = 0.0 if r_ == 0.0 else 1.0 / (r_ * c)
            scale_b = 1.0 if r_ == 0.0 else (a - d_ / r_) / c
        else:
            n2 = np.sum(np.square(w, out=b), axis=1, keepdims=True)
            d = np.sum(np.multiply(w, unit_bias, out=b), axis=1, keepdims=True)
            r = np.sqrt(np.maximum(n2 - d * d, 0.0))
            empty = r == 0.0  # no features (e.g. ""): the vector is b itself
            safe_r = np.where(empty, 1.0, r)
            scale_p = np.where(empty, 0.0, 1.0 / (safe_r * c))
            scale_b = np.where(empty, 1.0, (a - d / safe_r) / c)
        np.multiply(w, scale_p, out=w)
        np.multiply(unit_bias, scale_b, out=b)
        np.add(w, b, out=w)
        np.copyto(full[start : start + k], w)  # rounded to float32 as an assignment is
    if dimensions is None or dimensions == width:
        return full
    return normalise(full[:, :dimensions])


def to_base64(vector: npt.NDArray[np.floating]) -> str:
    """Little-endian float32 bytes, base64: what the SDK decodes for ``encoding_format=base64``.
    (pybase64: SIMD, 0.3 us for a 1536-wide row where binascii takes 4 and its decode 0.4.)"""
    import numpy as np

    return pybase64.b64encode_as_string(np.ascontiguousarray(vector, dtype="<f4").data)
