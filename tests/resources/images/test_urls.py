"""The pictures' signed URLs: served on the mock's own host for an hour of the mock's clock,
then the storage's real 403; a tampered signature is refused; reset forgets the pictures."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockserver.testing import FROZEN_TIME


def url(http: Any) -> str:
    body = {"model": "dall-e-2", "prompt": "a cat", "size": "256x256"}
    link: str = http.post("/v1/images/generations", json=body).json()["data"][0]["url"]
    return link


def test_the_url_is_signed_for_an_hour(mock_http: Any) -> None:
    link = url(mock_http)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("http", "mock")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["se"] == "2023-11-14T23:13:20Z"  # FROZEN_TIME + 1 hour
    assert query["st"] == "2023-11-14T21:13:20Z" and query["sp"] == "r"
    assert mock_http.get(link).status_code == 200


def test_after_an_hour_the_storage_refuses(mock_http: Any) -> None:
    link = url(mock_http)
    mock_http.post("/__mock__/clock", json={"advance": 3599})
    assert mock_http.get(link).status_code == 200
    mock_http.post("/__mock__/clock", json={"advance": 2})
    expired = mock_http.get(link)
    assert expired.status_code == 403
    assert expired.headers["content-type"].startswith("application/xml")
    assert expired.headers["x-ms-error-code"] == "AuthenticationFailed"
    text = expired.content.decode("utf-8-sig")
    assert text.startswith(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed'
    )
    assert (
        "<AuthenticationErrorDetail>Signature not valid in the specified time frame: "
        "Start [Tue, 14 Nov 2023 21:13:20 GMT] - Expiry [Tue, 14 Nov 2023 23:13:20 GMT] - "
        "Current [Tue, 14 Nov 2023 23:13:21 GMT]</AuthenticationErrorDetail>"
    ) in text
    assert FROZEN_TIME  # the window is on the mock's clock, not the machine's


def test_a_tampered_url_is_refused(mock_http: Any) -> None:
    link = url(mock_http)
    later = link.replace("se=2023-11-14T23", "se=2023-11-15T23")
    assert mock_http.get(later).status_code == 403
    bare = link.split("?")[0]
    assert mock_http.get(bare).status_code == 404


def test_reset_forgets_the_pictures(mock_http: Any) -> None:
    link = url(mock_http)
    mock_http.post("/__mock__/reset")
    gone = mock_http.get(link)
    assert gone.status_code == 404 and b"<Code>BlobNotFound</Code>" in gone.content


def test_no_key_is_needed(mock_app: Any) -> None:
    from starlette.testclient import TestClient

    with (
        TestClient(mock_app, base_url="http://mock") as keyed,
        TestClient(mock_app, base_url="http://mock") as anonymous,
    ):
        keyed.headers["Authorization"] = "Bearer sk-test"
        link = url(keyed)
        assert anonymous.get(link).status_code == 200
