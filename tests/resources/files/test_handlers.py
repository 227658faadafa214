"""POST/GET /v1/files, retrieve, content, delete: shapes, the exact bytes, the real errors."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from openai.types import FileDeleted

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.files.helpers import check_file, without_nulls
from tests.schema_check import validate_openapi, validate_sdk

JSONL = b'{"prompt": "a"}\n{"prompt": "b"}\n'


def upload(
    http: Any, data: bytes, purpose: str = "assistants", name: str = "a.txt", **fields: str
) -> Any:
    return http.post(
        "/v1/files", files={"file": (name, data, "text/plain")}, data={"purpose": purpose, **fields}
    )


def test_lifecycle_through_the_sdk(openai_client: Any) -> None:
    made = openai_client.files.create(file=("notes.txt", b"hello\x00world"), purpose="vision")
    assert (made.bytes, made.filename, made.purpose, made.status) == (
        11,
        "notes.txt",
        "vision",
        "processed",
    )
    assert made.id.startswith("file-") and len(made.id) == len("file-") + 22
    assert made.created_at == FROZEN_TIME and made.expires_at is None
    assert openai_client.files.retrieve(made.id) == made
    assert openai_client.files.content(made.id).content == b"hello\x00world"
    deleted = openai_client.files.delete(made.id)
    assert (deleted.id, deleted.deleted) == (made.id, True)
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.files.retrieve(made.id)
    assert missing.value.body["message"] == f"No such File object: {made.id}"  # type: ignore[index]


def test_shapes_validate(mock_http: Any) -> None:
    made = upload(mock_http, b"x").json()
    check_file(made)
    listed = mock_http.get("/v1/files").json()
    validate_openapi(
        "ListFilesResponse", {**listed, "data": [without_nulls(d) for d in listed["data"]]}
    )
    assert listed == {
        "object": "list",
        "data": [made],
        "first_id": made["id"],
        "last_id": made["id"],
        "has_more": False,
    }
    deleted = mock_http.delete(f"/v1/files/{made['id']}").json()
    validate_sdk(FileDeleted, deleted)
    validate_openapi("DeleteFileResponse", deleted)
    assert mock_http.get("/v1/files").json() == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }


def test_every_purpose_and_batch_expiry(mock_http: Any) -> None:
    for purpose in ("assistants", "vision", "user_data", "evals"):
        check_file(upload(mock_http, b"data", purpose).json())
    for purpose in ("batch", "fine-tune"):
        made = upload(mock_http, JSONL, purpose, "in.jsonl").json()
        check_file(made)
        expected = FROZEN_TIME + 2_592_000 if purpose == "batch" else None
        assert made["expires_at"] == expected


def test_expires_after(mock_http: Any) -> None:
    made = upload(
        mock_http, b"x", **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "3600"}
    )
    assert made.json()["expires_at"] == FROZEN_TIME + 3600
    short = upload(
        mock_http, b"x", **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "60"}
    )
    assert short.status_code == 400
    assert envelope(short)["message"] == (
        "Invalid 'expires_after.seconds': integer below minimum value. Expected a value >= 3600, "
        "but got 60 instead."
    )
    anchor = upload(
        mock_http, b"x", **{"expires_after[anchor]": "now", "expires_after[seconds]": "3600"}
    )
    assert envelope(anchor)["param"] == "expires_after.anchor"


def test_list_filters_by_purpose_and_pages(mock_http: Any) -> None:
    ids = [
        upload(mock_http, b"x", "assistants" if i % 2 else "user_data").json()["id"]
        for i in range(5)
    ]
    listed = mock_http.get("/v1/files", params={"purpose": "assistants"}).json()
    assert [d["id"] for d in listed["data"]] == [ids[3], ids[1]]  # newest first
    page = mock_http.get("/v1/files", params={"limit": 2, "order": "asc"}).json()
    assert [d["id"] for d in page["data"]] == ids[:2] and page["has_more"]
    rest = mock_http.get("/v1/files", params={"limit": 10, "order": "asc", "after": ids[1]}).json()
    assert [d["id"] for d in rest["data"]] == ids[2:] and not rest["has_more"]
    too_many = mock_http.get("/v1/files", params={"limit": 10_001})
    assert too_many.status_code == 400 and envelope(too_many)["code"] == "integer_above_max_value"


def test_the_sdk_walks_every_page(openai_client: Any) -> None:
    made = [
        openai_client.files.create(file=(f"{i}.txt", b"x"), purpose="assistants").id
        for i in range(5)
    ]
    assert [f.id for f in openai_client.files.list(limit=2, order="asc")] == made


def test_wrong_purpose_and_missing_parts(mock_http: Any) -> None:
    wrong = upload(mock_http, b"x", "answers")
    assert wrong.status_code == 400
    assert envelope(wrong)["message"] == (
        "'answers' is not one of ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', "
        "'evals'] - 'purpose'"
    )
    no_file = mock_http.post("/v1/files", files={"purpose": (None, "assistants")})
    assert envelope(no_file)["message"] == "Missing required parameter: 'file'."
    no_purpose = mock_http.post("/v1/files", files={"file": ("a.txt", b"x")})
    assert envelope(no_purpose)["param"] == "purpose"
    as_json = mock_http.post("/v1/files", json={"purpose": "assistants"})
    assert as_json.status_code == 415
    extra = upload(mock_http, b"x", colour="blue")
    assert envelope(extra)["message"] == "Unrecognized request argument supplied: colour"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": 1}\n[1, 2]\n', 'Line 2 is not a dictionary (HINT: line starts with: "[1, ...").'),
        (b"not json", 'Line 1 is not a dictionary (HINT: line starts with: "not ...").'),
        (b'{"a": 1}\n\n{"b": 2}', 'Line 2 is not a dictionary (HINT: line starts with: "...").'),
        (
            b"\xb0\xb2\xd7\xb0\xff",
            "Line 1 is not a dictionary (HINT: line starts with: \"b'\\xb0\\xb2\\xd7\\xb0'...\").",
        ),
    ],
)
def test_jsonl_purposes_name_the_first_bad_line(mock_http: Any, data: bytes, message: str) -> None:
    for purpose in ("batch", "fine-tune"):
        response = upload(mock_http, data, purpose, "in.jsonl")
        assert response.status_code == 400
        assert envelope(response)["message"] == (
            "Expected file to have JSONL format, where every line is a valid JSON dictionary. "
            + message
        )
    assert upload(mock_http, data, "assistants", "in.jsonl").status_code == 200
    assert (
        mock_http.get("/v1/files").json()["data"][0]["purpose"] == "assistants"
    )  # nothing else kept


def test_jsonl_purposes_need_a_jsonl_name(mock_http: Any) -> None:
    batch = upload(mock_http, JSONL, "batch", "in.txt")
    assert envelope(batch)["message"] == "Invalid file format for Batch API. Must be .jsonl"
    tune = upload(mock_http, JSONL, "fine-tune", "in.json")
    assert envelope(tune)["message"] == "Invalid file format for Fine-Tuning API. Must be .jsonl"


def test_unknown_file_is_404_everywhere(mock_http: Any) -> None:
    for method, path in (
        ("GET", "/v1/files/file-nope"),
        ("GET", "/v1/files/file-nope/content"),
        ("DELETE", "/v1/files/file-nope"),
    ):
        response = mock_http.request(method, path)
        assert response.status_code == 404
        assert envelope(response) == {
            "message": "No such File object: file-nope",
            "type": "invalid_request_error",
            "param": "id",
            "code": None,
        }


def test_a_file_over_the_json_limit_is_accepted(mock_http: Any) -> None:
    data = bytes(range(256)) * (40 * 1024 * 1024 // 256)  # 40 MB: past the 32 MB JSON limit
    made = upload(mock_http, data, "vision").json()
    assert made["bytes"] == len(data)
    assert mock_http.get(f"/v1/files/{made['id']}/content").content == data
    journal = mock_http.get("/__mock__/requests").json()["data"]
    posted = next(e for e in journal if e["method"] == "POST")
    assert posted["body"]["multipart_bytes"] > len(data)  # the journal keeps the size alone


def test_an_expired_file_is_gone(mock_http: Any) -> None:
    made = upload(
        mock_http, b"x", **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "3600"}
    ).json()
    mock_http.post("/__mock__/clock", json={"advance": 3600})
    assert mock_http.get(f"/v1/files/{made['id']}").status_code == 404
    assert mock_http.get("/v1/files").json()["data"] == []


def test_assistants_and_user_data_files_cannot_be_downloaded(mock_http: Any) -> None:
    for purpose in ("assistants", "user_data"):
        made = upload(mock_http, b"secret", purpose).json()
        response = mock_http.get(f"/v1/files/{made['id']}/content")
        assert response.status_code == 400
        assert envelope(response) == {
            "message": f"Not allowed to download files of purpose: {purpose}",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    for purpose, data, name in (
        ("batch", JSONL, "a.jsonl"),
        ("fine-tune", JSONL, "a.jsonl"),
        ("evals", b"x", "a"),
    ):
        made = upload(mock_http, data, purpose, name).json()
        assert mock_http.get(f"/v1/files/{made['id']}/content").content == data
