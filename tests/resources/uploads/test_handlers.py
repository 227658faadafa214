"""POST /v1/uploads, parts, complete, cancel: the SDK's chunked upload end to end, part order,
md5, and the refusals."""

from __future__ import annotations

import hashlib
from typing import Any

from openai.types import Upload
from openai.types.uploads import UploadPart

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.files.helpers import check_file, without_nulls
from tests.schema_check import validate_openapi, validate_sdk


def create(http: Any, size: int, purpose: str = "vision", name: str = "big.bin") -> dict[str, Any]:
    body = {
        "bytes": size,
        "filename": name,
        "mime_type": "application/octet-stream",
        "purpose": purpose,
    }
    response = http.post("/v1/uploads", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def part(http: Any, upload_id: str, data: bytes) -> Any:
    return http.post(f"/v1/uploads/{upload_id}/parts", files={"data": ("blob", data)})


def check_upload(data: dict[str, Any]) -> None:
    validate_sdk(Upload, data)
    validate_openapi(
        "Upload",
        {**data, "file": None}
        if data["file"] is None
        else {**data, "file": without_nulls(data["file"])},
    )


def test_fifty_megabytes_chunked_by_the_sdk_come_back_byte_for_byte(openai_client: Any) -> None:
    data = hashlib.sha256(b"seed").digest() * (50 * 1024 * 1024 // 32)
    upload = openai_client.uploads.upload_file_chunked(
        file=data, filename="big.bin", bytes=len(data), mime_type="application/octet-stream",
        purpose="vision", part_size=16 * 1024 * 1024, md5=hashlib.md5(data).hexdigest(),
    )  # fmt: skip
    assert upload.status == "completed" and upload.file is not None
    assert upload.file.bytes == len(data) and upload.file.filename == "big.bin"
    assert openai_client.files.content(upload.file.id).content == data


def test_parts_join_in_the_order_given(mock_http: Any) -> None:
    made = create(mock_http, 6)
    check_upload(made)
    assert (made["status"], made["expires_at"], made["file"]) == (
        "pending",
        FROZEN_TIME + 3600,
        None,
    )
    first = part(mock_http, made["id"], b"abc").json()
    second = part(mock_http, made["id"], b"def").json()
    validate_sdk(UploadPart, first)
    assert first["upload_id"] == made["id"] and first["object"] == "upload.part"
    done = mock_http.post(
        f"/v1/uploads/{made['id']}/complete", json={"part_ids": [second["id"], first["id"]]}
    ).json()
    check_upload(done)
    assert done["status"] == "completed"
    check_file(done["file"])
    assert mock_http.get(f"/v1/files/{done['file']['id']}/content").content == b"defabc"
    again = mock_http.post(f"/v1/uploads/{made['id']}/complete", json={"part_ids": []})
    assert again.status_code == 400 and "'completed'" in envelope(again)["message"]


def test_md5_and_byte_count_are_checked(mock_http: Any) -> None:
    made = create(mock_http, 3)
    one = part(mock_http, made["id"], b"abc").json()["id"]
    wrong = mock_http.post(
        f"/v1/uploads/{made['id']}/complete", json={"part_ids": [one], "md5": "0" * 32}
    )
    assert wrong.status_code == 400 and envelope(wrong)["param"] == "md5"
    short = create(mock_http, 4)
    two = part(mock_http, short["id"], b"abc").json()["id"]
    mismatch = mock_http.post(f"/v1/uploads/{short['id']}/complete", json={"part_ids": [two]})
    assert mismatch.status_code == 400 and envelope(mismatch)["param"] == "part_ids"
    unknown = mock_http.post(f"/v1/uploads/{made['id']}/complete", json={"part_ids": ["part_x"]})
    assert unknown.status_code == 400 and "part_x" in envelope(unknown)["message"]
    good = mock_http.post(
        f"/v1/uploads/{made['id']}/complete",
        json={"part_ids": [one], "md5": hashlib.md5(b"abc").hexdigest()},
    )
    assert good.status_code == 200
    assert [f["bytes"] for f in mock_http.get("/v1/files").json()["data"]] == [
        3
    ]  # only the good one


def test_a_jsonl_purpose_is_validated_at_completion(mock_http: Any) -> None:
    made = create(mock_http, 8, "batch", "in.jsonl")
    one = part(mock_http, made["id"], b"[1, 2]\n\n").json()["id"]
    response = mock_http.post(f"/v1/uploads/{made['id']}/complete", json={"part_ids": [one]})
    assert (
        response.status_code == 400
        and "Line 1 is not a dictionary" in envelope(response)["message"]
    )
    assert mock_http.get("/v1/files").json()["data"] == []


def test_cancel(mock_http: Any) -> None:
    made = create(mock_http, 3)
    part(mock_http, made["id"], b"abc")
    cancelled = mock_http.post(f"/v1/uploads/{made['id']}/cancel").json()
    check_upload(cancelled)
    assert cancelled["status"] == "cancelled"
    late = part(mock_http, made["id"], b"abc")
    assert late.status_code == 400 and "'cancelled'" in envelope(late)["message"]
    assert mock_http.post(f"/v1/uploads/{made['id']}/cancel").status_code == 400


def test_an_upload_expires_after_an_hour(mock_http: Any) -> None:
    made = create(mock_http, 3)
    mock_http.post("/__mock__/clock", json={"advance": 3600})
    late = part(mock_http, made["id"], b"abc")
    assert late.status_code == 400 and "'expired'" in envelope(late)["message"]


def test_refusals(mock_http: Any) -> None:
    missing = mock_http.post(
        "/v1/uploads", json={"bytes": 1, "filename": "a", "purpose": "assistants"}
    )
    assert envelope(missing)["message"] == "Missing required parameter: 'mime_type'."
    huge = mock_http.post(
        "/v1/uploads",
        json={"bytes": 9 * 1024**3, "filename": "a", "mime_type": "x", "purpose": "assistants"},
    )
    assert envelope(huge)["code"] == "integer_above_max_value"
    purpose = mock_http.post(
        "/v1/uploads", json={"bytes": 1, "filename": "a", "mime_type": "x", "purpose": "nope"}
    )
    assert "'nope' is not one of" in envelope(purpose)["message"]
    body = {"bytes": 1, "filename": "a", "mime_type": "x", "purpose": "assistants"}
    # Found by make fuzz: {} was read as no policy.
    empty = mock_http.post("/v1/uploads", json={**body, "expires_after": {}})
    assert envelope(empty)["message"] == "Missing required parameter: 'expires_after.anchor'."
    unknown = mock_http.post("/v1/uploads/upload_nope/parts", files={"data": ("b", b"x")})
    assert (
        unknown.status_code == 404
        and envelope(unknown)["message"] == "No such Upload object: upload_nope"
    )
    made = create(mock_http, 1)
    no_data = mock_http.post(f"/v1/uploads/{made['id']}/parts", files={"other": ("b", b"x")})
    assert envelope(no_data)["message"] == "Unrecognized request argument supplied: other"
