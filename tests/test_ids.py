from __future__ import annotations

import re

from mockserver.ids import IdGenerator, render


def test_ids_have_the_real_shapes() -> None:
    ids = IdGenerator(seed=0)
    assert re.fullmatch(r"chatcmpl-[A-Za-z0-9]{29}", ids.new("chatcmpl-"))
    assert re.fullmatch(r"req_[0-9a-f]{32}", ids.new("req_"))
    assert re.fullmatch(r"file-[A-Za-z0-9]{22}", ids.new("file-"))


def test_sequences_are_seeded() -> None:
    a, b = IdGenerator(seed=1), IdGenerator(seed=1)
    first = [a.new("asst_") for _ in range(3)]
    assert first == [b.new("asst_") for _ in range(3)]
    assert len(set(first)) == 3
    assert render(2, "asst_", 0) != first[0]


def test_generator_ids_equal_render_for_every_prefix_and_number() -> None:
    ids = IdGenerator(seed=5)
    for prefix in ("chatcmpl-", "req_", "call_", "unknown-"):
        assert [ids.new(prefix) for _ in range(3)] == [render(5, prefix, n) for n in range(3)]
