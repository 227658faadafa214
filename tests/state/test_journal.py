from __future__ import annotations

from mockserver.state.journal import Journal


def _record(journal: Journal, n: int, body: bytes = b"", content_type: bytes = b"") -> None:
    journal.record(
        request_id=f"req_{n}",
        method="POST",
        path="/v1/x",
        query=b"limit=2",
        body=body,
        content_type=content_type,
        status=200,
        streamed=False,
    )


def test_keeps_the_newest_entries_in_order() -> None:
    journal = Journal(size=3)
    for n in range(5):
        _record(journal, n)
    assert [e["request_id"] for e in journal.entries()] == ["req_2", "req_3", "req_4"]
    journal.reset()
    assert journal.entries() == []


def test_bodies_are_decoded_by_content_type() -> None:
    journal = Journal(size=10)
    _record(journal, 0, b'{"a": 1}', b"application/json")
    _record(journal, 1, b"{not json", b"application/json")
    _record(journal, 2, b"x" * 10, b"multipart/form-data; boundary=b")
    _record(journal, 3, b"\xff\xfe", b"application/octet-stream")
    bodies = [e["body"] for e in journal.entries()]
    assert bodies == [{"a": 1}, "{not json", {"multipart_bytes": 10}, {"binary_bytes": 2}]


def test_entries_give_the_query_string_as_text() -> None:
    journal = Journal(size=1)
    _record(journal, 0)
    assert journal.entries()[0]["query"] == "limit=2"
