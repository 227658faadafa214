"""The multipart reader: a body the SDK's client builds is read back field for field, byte for
byte; every malformed body is a 4xx the client can act on, never an exception."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.http.errors import APIError
from mockserver.http.multipart import parse_form


def encoded(**files: tuple[str, bytes, str]) -> tuple[str, bytes]:
    request = httpx.Request(
        "POST",
        "http://mock/v1/files",
        data={"purpose": "batch", "timestamp_granularities[]": ["word", "segment"]},
        files=files,
    )
    return request.headers["content-type"], request.read()


def test_fields_and_files_come_back_as_sent() -> None:
    content_type, body = encoded(file=("data.jsonl", b'{"a": 1}\n\xff\x00', "application/jsonl"))
    form = parse_form(content_type, body)
    assert form.text("purpose") == "batch"
    assert form.texts("timestamp_granularities[]") == ["word", "segment"]
    upload = form.file("file")
    assert upload is not None
    assert (upload.filename, upload.content_type, upload.data) == (
        "data.jsonl",
        "application/jsonl",
        b'{"a": 1}\n\xff\x00',
    )
    assert form.names() == ["purpose", "timestamp_granularities[]", "file"]
    assert form.text("missing") is None and form.file("missing") is None


def test_only_known_fields_and_a_required_file() -> None:
    content_type, body = encoded(file=("a.txt", b"x", "text/plain"))
    form = parse_form(content_type, body)
    form.only(("purpose", "timestamp_granularities[]", "file"))
    assert form.required_file("file").data == b"x"
    with pytest.raises(APIError) as unknown:
        form.only(("file", "purpose"))
    assert unknown.value.message == (
        "Unrecognized request argument supplied: timestamp_granularities[]"
    )
    with pytest.raises(APIError) as missing:
        form.required_file("purpose")
    assert missing.value.code == "missing_required_parameter"


def test_a_json_body_is_the_real_415() -> None:
    with pytest.raises(APIError) as caught:
        parse_form("application/json", b"{}")
    assert caught.value.status == 415
    assert caught.value.message.startswith(
        "Invalid Content-Type header (application/json), expected multipart/form-data."
    )


@pytest.mark.parametrize(
    "cut", [lambda b: b[:-10], lambda b: b[: len(b) // 2], lambda b: b"garbage", lambda b: b""]
)
def test_a_truncated_or_garbled_body_is_a_400(cut: object) -> None:
    content_type, body = encoded(file=("a.png", b"\x89PNG" * 100, "image/png"))
    with pytest.raises(APIError) as caught:
        parse_form(content_type, cut(body))  # type: ignore[operator]
    assert caught.value.status == 400


def test_a_content_type_without_boundary_is_a_400() -> None:
    with pytest.raises(APIError) as caught:
        parse_form("multipart/form-data", b"--x--\r\n")
    assert caught.value.status == 400
    assert "boundary" in caught.value.message


@given(st.binary(max_size=300))
def test_any_bytes_give_a_form_or_a_4xx(body: bytes) -> None:
    content_type, good = encoded(file=("a.bin", b"x", "application/octet-stream"))
    for candidate in (body, good[: len(body)], good + body):
        try:
            parse_form(content_type, candidate)
        except APIError as error:
            assert 400 <= error.status < 500
