"""/v1/files and /v1/uploads: a file round trip (shape, exact bytes, list, delete, then the
404), JSONL checked at upload naming the bad line, and an Upload assembled in the part order
given, and the purposes whose content the API will not hand back. Files cost nothing to store
briefly; every check deletes what it made. Fine-tune files carry the bytes: they can be
downloaded, where assistants and user_data files cannot."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from openai.types import FileDeleted, FileObject, Upload

from . import checks, schemas
from .target import Target

FILES = "/v1/files"
UPLOADS = "/v1/uploads"
# A fine-tune file (JSONL) whose bytes a text round trip would not leave alone: non-ASCII text,
# escapes, spaces kept as sent, no final newline.
DATA = (
    '{"messages": [{"role": "user", "content": "한국어, émigré \\u0000"}]}\n'
    '{"messages":[{"role":"assistant","content":"  spaced  "}]}'
).encode()


def at(endpoint: str, feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(endpoint, feature)


def _file_shape(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, FileObject, None)
    # The spec types expires_at and status_details as non-null; the API sends null for them.
    schemas.validate_openapi("OpenAIFile", {k: v for k, v in data.items() if v is not None})
    assert data["object"] == "file" and data["status"] in ("uploaded", "processed"), data
    return data


def _upload(target: Target, data: bytes, purpose: str, name: str) -> Any:
    return target.request(
        "POST", "/files", files={"file": (name, data, "application/octet-stream")},
        data={"purpose": purpose},
    )  # fmt: skip


@at(FILES, "round trip")
def test_file_round_trip(target: Target) -> None:
    made = _file_shape(_upload(target, DATA, "fine-tune", "train.jsonl"))
    try:
        assert (made["bytes"], made["filename"], made["purpose"]) == (
            len(DATA), "train.jsonl", "fine-tune"
        ), made  # fmt: skip
        again = _file_shape(target.get(f"/files/{made['id']}"))
        assert again == made, f"retrieve gives {again}, create gave {made}"
        content = target.get(f"/files/{made['id']}/content")
        assert content.status_code == 200, content.text[:200]
        assert content.content == DATA, "the content is not the bytes uploaded"
        listed = checks.expect_json(
            target.get("/files", params={"purpose": "fine-tune"}), schemas.FileList, None
        )
        assert made["id"] in [f["id"] for f in listed["data"]], "the new file is not listed"
    finally:
        deleted = checks.expect_json(
            target.request("DELETE", f"/files/{made['id']}"), FileDeleted, "DeleteFileResponse"
        )
    assert deleted == {"id": made["id"], "object": "file", "deleted": True}, deleted
    gone = target.error_request(FILES, "GET", f"/files/{made['id']}")
    error = checks.expect_error(gone, 404)
    assert error["message"] == f"No such File object: {made['id']}", error


@at(FILES, "content")
def test_user_data_content_is_not_handed_back(target: Target) -> None:
    made = _file_shape(_upload(target, b"private notes", "user_data", "notes.txt"))
    try:
        error = checks.expect_error(target.get(f"/files/{made['id']}/content"), 400)
        assert error["message"] == "Not allowed to download files of purpose: user_data", error
    finally:
        target.request("DELETE", f"/files/{made['id']}")


@at(FILES, "jsonl validation")
def test_fine_tune_file_names_its_first_bad_line(target: Target) -> None:
    bad = b'{"messages": []}\n[1, 2]\n'
    error = checks.expect_error(_upload(target, bad, "fine-tune", "train.jsonl"), 400)
    assert error["message"] == (
        "Expected file to have JSONL format, where every line is a valid JSON dictionary. "
        'Line 2 is not a dictionary (HINT: line starts with: "[1, ...").'
    ), error


@at(FILES, "jsonl validation")
def test_batch_file_needs_a_jsonl_name(target: Target) -> None:
    line = b'{"custom_id": "1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'
    error = checks.expect_error(_upload(target, line, "batch", "input.txt"), 400)
    assert error["message"] == "Invalid file format for Batch API. Must be .jsonl", error


@at(UPLOADS, "parts in order")
def test_upload_joins_parts_in_the_order_given(target: Target) -> None:
    head, tail = b'{"part": "first"}\n', b'{"part": "second"}\n'
    whole = tail + head
    created = target.post(
        "/uploads",
        {"bytes": len(whole), "filename": "parts.jsonl", "mime_type": "text/jsonl",
         "purpose": "fine-tune"},
    )  # fmt: skip
    upload = checks.expect_json(created, Upload, None)
    assert upload["status"] == "pending" and upload["file"] is None, upload
    ids = []
    for data in (head, tail):
        part = target.request(
            "POST", f"/uploads/{upload['id']}/parts", files={"data": ("part", data)}
        )
        assert part.status_code == 200, part.text[:200]
        ids.append(part.json()["id"])
    md5 = hashlib.md5(whole).hexdigest()
    done = checks.expect_json(
        target.post(f"/uploads/{upload['id']}/complete", {"part_ids": ids[::-1], "md5": md5}),
        Upload,
        None,
    )
    assert done["status"] == "completed" and done["file"], done
    file_id = done["file"]["id"]
    try:
        content = target.get(f"/files/{file_id}/content")
        assert content.content == whole, "the File does not join the parts in the order given"
    finally:
        target.request("DELETE", f"/files/{file_id}")
