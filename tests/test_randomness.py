from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mockserver import randomness


def test_same_parts_same_numbers_different_parts_differ() -> None:
    assert randomness.derive_int(1, "a", 2) == randomness.derive_int(1, "a", 2)
    assert randomness.derive_int(1, "a", 2) != randomness.derive_int(2, "a", 2)
    assert randomness.derive_int(1, "a", 2) != randomness.derive_int(1, "a2")


def test_stable_across_processes() -> None:
    code = (
        "from mockserver import randomness as r; "
        "print(r.derive(7, 'x').random(), r.derive_numpy(7, 'y').random())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    here = f"{randomness.derive(7, 'x').random()} {randomness.derive_numpy(7, 'y').random()}\n"
    assert runs == {here}


def test_extending_a_prefix_state_equals_digesting_all_parts() -> None:
    base = randomness.hasher(3, "id", b"raw")
    assert randomness.extend(base, 7) == randomness.digest(3, "id", b"raw", 7)
    assert randomness.extend(base, 8) == randomness.digest(3, "id", b"raw", 8)  # base unchanged


PARTS = st.lists(
    st.text() | st.binary(max_size=8) | st.integers(-(2**70), 2**70) | st.booleans(), max_size=5
)


@given(seed=st.integers(-(2**70), 2**70), parts=PARTS)
def test_a_digest_is_sha256_of_the_seed_and_each_part_after_a_separator(
    seed: int, parts: list[str | bytes | int]
) -> None:
    # The layout every seed of the mock comes from, hashed part by part as first written:
    # changing it changes every answer.
    reference = hashlib.sha256(str(seed).encode())
    for part in parts:
        reference.update(b"\x1f" + (part if isinstance(part, bytes) else str(part).encode()))
    assert randomness.digest(seed, *parts) == reference.digest()
    assert randomness.derive_int(seed, *parts) == int.from_bytes(reference.digest()[:8], "big")
    head = parts[:1]
    assert randomness.extend(randomness.hasher(seed, *head), *parts[1:]) == reference.digest()


def _splitmix64(key: int, counter: int) -> int:
    """SplitMix64's output number ``counter`` from ``key``, in Python integers."""
    mask = (1 << 64) - 1
    z = (key + (counter + 1) * 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def test_bulk_splitmix64_is_the_reference_generator() -> None:
    counters = [0, 1, 2, 12345, (1 << 63) + 7, (1 << 64) - 1]
    for key in (0, 1, randomness.derive_int(5, "logprobs"), (1 << 64) - 1):
        got = randomness.splitmix64(key, np.asarray(counters, dtype=np.uint64)).tolist()
        assert got == [_splitmix64(key, c) for c in counters]
