"""The same Files and Uploads behaviour over ``--state-dir`` (SQLite and blobs), and what a new
app over the same folder (a restart) finds there."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FixedClock
from mockserver.testing import FROZEN_TIME
from tests.conftest import AUTH


@pytest.fixture
def mock_settings(tmp_path: Path) -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), state_dir=str(tmp_path))


def test_files_uploads_and_stored_completions_outlive_the_app(
    openai_client: Any, mock_settings: Settings
) -> None:
    kept = openai_client.files.create(file=("a.bin", b"\x00\x01kept"), purpose="vision")
    gone = openai_client.files.create(file=("b.bin", b"gone"), purpose="vision")
    openai_client.files.delete(gone.id)
    data = hashlib.sha256(b"x").digest() * 40_000
    upload = openai_client.uploads.upload_file_chunked(
        file=data, filename="big.bin", bytes=len(data), mime_type="application/octet-stream",
        purpose="vision", part_size=300_000,
    )  # fmt: skip
    chat = openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "keep me"}], store=True
    )
    blobs = Path(str(mock_settings.state_dir)) / "blobs"
    assert sorted(p.name for p in blobs.iterdir()) == sorted([kept.id, upload.file.id])

    with TestClient(create_app(mock_settings), base_url="http://mock", headers=AUTH) as again:
        listed = again.get("/v1/files", params={"order": "asc"}).json()["data"]
        assert [f["id"] for f in listed] == [kept.id, upload.file.id]
        assert again.get(f"/v1/files/{kept.id}/content").content == b"\x00\x01kept"
        assert again.get(f"/v1/files/{upload.file.id}/content").content == data
        assert again.get(f"/v1/chat/completions/{chat.id}").json()["id"] == chat.id
        # Ids go on from where the last run left off: none is given twice.
        made = again.post(
            "/v1/files", files={"file": ("c.bin", b"c")}, data={"purpose": "vision"}
        ).json()
        assert made["id"] not in {kept.id, gone.id, upload.file.id}
        again.post("/__mock__/reset")
        assert again.get("/v1/files").json()["data"] == [] and list(blobs.iterdir()) == []


def test_a_refused_completion_leaves_the_upload_pending(mock_http: Any) -> None:
    body = {"bytes": 3, "filename": "t.jsonl", "mime_type": "text/jsonl", "purpose": "fine-tune"}
    upload = mock_http.post("/v1/uploads", json=body).json()
    part = mock_http.post(f"/v1/uploads/{upload['id']}/parts", files={"data": ("p", b"[1]")})
    complete = {"part_ids": [part.json()["id"]]}
    refused = mock_http.post(f"/v1/uploads/{upload['id']}/complete", json=complete)
    assert refused.status_code == 400
    assert mock_http.get("/v1/files").json()["data"] == []
    cancelled = mock_http.post(f"/v1/uploads/{upload['id']}/cancel").json()
    assert cancelled["status"] == "cancelled"  # it was still pending: nothing half-done
