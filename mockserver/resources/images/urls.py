"""The signed URLs pictures are downloaded from, and the storage service's answers.

The real API hands out Azure Blob Storage URLs signed for a window (``st``..``se``) that ends an
hour after the picture was made; after that the storage answers 403 ``AuthenticationFailed`` in
its XML. The mock signs the same fields (HMAC-SHA256 under a key derived from its seed) and
serves the picture itself, on its own host, under ``/__mock__/images/``, checking the window on
its own clock (``/__mock__/clock`` moves it)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

from starlette.responses import Response

from ...randomness import digest

PREFIX = "/__mock__/images/"
VALID_FOR = 3600  # "URLs are only valid for 60 minutes after the image has been generated"
# The real URLs' window opens an hour before the picture was made (clock skew).
OPENS_BEFORE = 3600
STORAGE_VERSION = "2021-08-06"
STAMP = "%Y-%m-%dT%H:%M:%SZ"
AUTH_FAILED = (
    "Server failed to authenticate the request. Make sure the value of Authorization header is "
    "formed correctly including the signature."
)


def _key(seed: int) -> bytes:
    return digest(seed, "image-url-key")


def _stamp(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime(STAMP)


def _parse_stamp(text: str) -> float | None:
    try:
        return datetime.strptime(text, STAMP).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def signature(seed: int, name: str, start: str, expiry: str) -> str:
    message = f"r\n{start}\n{expiry}\n/blob/mock/images/{name}\n{STORAGE_VERSION}".encode()
    return base64.b64encode(hmac.new(_key(seed), message, hashlib.sha256).digest()).decode()


def signed_url(base_url: str, seed: int, name: str, media_type: str, created: int) -> str:
    start, expiry = _stamp(created - OPENS_BEFORE), _stamp(created + VALID_FOR)
    query = urlencode({
        "st": start, "se": expiry, "sp": "r", "sv": STORAGE_VERSION, "sr": "b",
        "rscd": "inline", "rsct": media_type, "sig": signature(seed, name, start, expiry),
    })  # fmt: skip
    return f"{base_url.rstrip('/')}{PREFIX}{name}?{query}"


def _http_date(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def storage_error(
    status: int, code: str, message: str, seed: int, now: float, detail: str | None = None
) -> Response:
    """The storage service's XML error (a byte-order mark first, as Azure sends it)."""
    request_id = str(uuid.UUID(bytes=digest(seed, "blob-request", code, repr(now))[:16]))
    when = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    extra = f"<AuthenticationErrorDetail>{detail}</AuthenticationErrorDetail>" if detail else ""
    body = (
        '\ufeff<?xml version="1.0" encoding="utf-8"?><Error>'
        f"<Code>{code}</Code><Message>{message}\nRequestId:{request_id}\nTime:{when}</Message>"
        f"{extra}</Error>"
    )
    headers = {"x-ms-request-id": request_id, "x-ms-error-code": code}
    return Response(body.encode(), status, headers=headers, media_type="application/xml")


def check(seed: int, name: str, query: dict[str, str], now: float) -> Response | None:
    """The storage's refusal of this URL at ``now``, or None when it may be served."""
    start, expiry, sig = query.get("st"), query.get("se"), query.get("sig")
    if not start or not expiry or not sig:
        return storage_error(404, "ResourceNotFound", "The specified resource does not exist.",
                             seed, now)  # fmt: skip
    opens, closes = _parse_stamp(start), _parse_stamp(expiry)
    good = hmac.compare_digest(signature(seed, name, start, expiry), sig)
    if opens is None or closes is None or not good:
        detail = "Signature did not match. String to sign used was r\n" + f"{start}\n{expiry}"
        return storage_error(403, "AuthenticationFailed", AUTH_FAILED, seed, now, detail)
    if not opens <= now <= closes:
        detail = (
            f"Signature not valid in the specified time frame: Start [{_http_date(opens)}] - "
            f"Expiry [{_http_date(closes)}] - Current [{_http_date(now)}]"
        )
        return storage_error(403, "AuthenticationFailed", AUTH_FAILED, seed, now, detail)
    return None


def blob_not_found(seed: int, now: float) -> Response:
    return storage_error(404, "BlobNotFound", "The specified blob does not exist.", seed, now)
