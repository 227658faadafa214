"""/v1/containers/{id}/files through the SDK: a multipart upload or a Files API file copied by
``file_id``, listed with cursor pagination, retrieved, downloaded and deleted."""

from __future__ import annotations

from typing import Any

from tests.conftest import envelope
from tests.resources.containers.helpers import check_file, new_container
from tests.resources.vector_stores.helpers import upload
from tests.schema_check import validate_openapi


def test_upload_list_retrieve_download_delete(openai_client: Any, mock_http: Any) -> None:
    container = openai_client.containers.create(name="box")
    uploaded = openai_client.containers.files.create(
        container.id, file=("notes.txt", b"remember the milk")
    )
    assert uploaded.id.startswith("cfile_") and uploaded.object == "container.file"
    assert uploaded.container_id == container.id and uploaded.bytes == 17
    assert uploaded.path == "/mnt/data/notes.txt" and uploaded.source == "user"
    file_id = upload(mock_http, "report.md", b"# Report")
    copied = openai_client.containers.files.create(container.id, file_id=file_id)
    assert copied.path == "/mnt/data/report.md" and copied.bytes == 8
    listed = openai_client.containers.files.list(container.id, order="asc", limit=1)
    assert [f.id for f in listed.data] == [uploaded.id] and listed.has_more
    assert [f.id for f in listed.get_next_page().data] == [copied.id]
    again = openai_client.containers.files.retrieve(copied.id, container_id=container.id)
    assert again.model_dump() == copied.model_dump()
    content = openai_client.containers.files.content.retrieve(
        uploaded.id, container_id=container.id
    )
    assert content.read() == b"remember the milk"
    deleted = mock_http.delete(f"/v1/containers/{container.id}/files/{uploaded.id}")
    assert deleted.json() == {
        "id": uploaded.id,
        "object": "container.file.deleted",
        "deleted": True,
    }
    openai_client.containers.files.delete(copied.id, container_id=container.id)
    assert list(openai_client.containers.files.list(container.id)) == []


def test_files_validate_against_the_schemas(mock_http: Any) -> None:
    container = new_container(mock_http)
    path = f"/v1/containers/{container['id']}/files"
    made = mock_http.post(path, files={"file": ("a.py", b"print(1)")}).json()
    check_file(made)
    page = mock_http.get(path).json()
    validate_openapi("ContainerFileListResource", page)
    check_file(page["data"][0])


def test_deleting_a_container_deletes_its_files(mock_http: Any) -> None:
    container = new_container(mock_http)
    path = f"/v1/containers/{container['id']}"
    made = mock_http.post(path + "/files", files={"file": ("a.txt", b"x")}).json()
    gone = mock_http.delete(path).json()
    assert gone == {"id": container["id"], "object": "container.deleted", "deleted": True}
    assert mock_http.get(f"{path}/files/{made['id']}").status_code == 404


def test_file_errors(mock_http: Any) -> None:
    container = new_container(mock_http)
    path = f"/v1/containers/{container['id']}/files"
    assert envelope(mock_http.post(path, json={}))["param"] == "file_id"
    assert mock_http.post(path, json={"file_id": "file-nope"}).status_code == 404
    extra = mock_http.post(path, files={"file": ("a", b"x")}, data={"purpose": "x"})
    assert envelope(extra)["message"] == "Unrecognized request argument supplied: purpose"
    empty = mock_http.post(path, files={"file": (None, "not a file")})
    assert envelope(empty)["code"] == "missing_required_parameter"
    assert envelope(empty)["param"] == "file"
    assert mock_http.get(path + "/cfile_nope").status_code == 404
    assert mock_http.get(path + "/cfile_nope/content").status_code == 404
    assert mock_http.delete(path + "/cfile_nope").status_code == 404
    assert mock_http.get("/v1/containers/cntr_nope/files").status_code == 404
    assert mock_http.get(path).json()["data"] == []
