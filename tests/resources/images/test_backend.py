"""The bounded picture store: the oldest go first, by count and by bytes."""

from __future__ import annotations

from mockserver.resources.images.backend import Pictures, StoredPicture
from mockserver.state.store import MemoryStore


def picture(i: int, size: int = 10) -> tuple[StoredPicture, bytes]:
    return StoredPicture(f"img-{i}.png", "image/png", size, i), bytes([i % 256]) * size


def test_count_bound() -> None:
    store = Pictures(MemoryStore(), max_pictures=3, max_bytes=10_000)
    for i in range(5):
        store.keep(*picture(i))
    assert len(store) == 3
    assert store.get("img-0.png") is None and store.get("img-1.png") is None
    found = store.get("img-4.png")
    assert found is not None and found[1] == b"\x04" * 10


def test_byte_bound_keeps_the_newest_even_when_it_alone_is_larger() -> None:
    store = Pictures(MemoryStore(), max_pictures=100, max_bytes=25)
    for i in range(3):
        store.keep(*picture(i))
    assert len(store) == 2 and store.total_bytes() == 20
    store.keep(*picture(9, size=40))
    assert len(store) == 1 and store.get("img-9.png") is not None


def test_blobs_go_with_their_records() -> None:
    memory = MemoryStore()
    store = Pictures(memory, max_pictures=1)
    store.keep(*picture(1))
    store.keep(*picture(2))
    assert list(memory.blobs) == ["image:img-2.png"]
