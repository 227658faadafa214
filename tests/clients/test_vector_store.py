"""The vector store lesson: three documents uploaded, processed, and the right one found."""

from __future__ import annotations

from openai import OpenAI

from clients.cli.lessons.vector_store import DOCUMENTS
from clients.vector_store import ask, build_store


def test_the_expected_document_comes_first(client: OpenAI) -> None:
    store_id = build_store(client, DOCUMENTS, poll_interval_ms=0)
    store = client.vector_stores.retrieve(store_id)
    assert store.file_counts.completed == 3 and store.status == "completed"
    for query, expected in [
        ("How many days do I have to return an item for a refund?", "refunds.md"),
        ("when does express shipping arrive", "shipping.txt"),
        ("is my laptop under warranty", "warranty.html"),
    ]:
        found = ask(client, store_id, query)
        assert found[0].filename == expected, (query, found)
        assert 0 <= found[-1].score <= found[0].score <= 1


def test_an_image_fails_alone(client: OpenAI) -> None:
    store_id = build_store(client, {**DOCUMENTS, "photo.png": b"\x89PNG\r\n"}, poll_interval_ms=0)
    failed = client.vector_stores.files.list(store_id, filter="failed").data
    assert [f.last_error.code for f in failed if f.last_error] == ["unsupported_file"]
    assert ask(client, store_id, ["refund", "return"], k=1)[0].filename == "refunds.md"
