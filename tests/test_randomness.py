from __future__ import annotations

import subprocess
import sys

import numpy as np

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
