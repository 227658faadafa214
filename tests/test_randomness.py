from __future__ import annotations

import subprocess
import sys

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
