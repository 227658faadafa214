"""The body-size limit per route: the settings' ``max_body_bytes`` (32 MB, the JSON endpoints'),
raised for the upload routes the real API lets carry more. The API middleware asks before it
buffers a body."""

from __future__ import annotations

MB = 1024 * 1024
# Room for the multipart framing and the form's text fields around the file itself.
FORM_OVERHEAD = 1 * MB

# (path prefix, limit): POST /v1/files takes files of up to 512 MB; an Upload's parts are up to
# 64 MB each.
ROUTE_LIMITS: tuple[tuple[str, int], ...] = (
    ("/v1/files", 512 * MB + FORM_OVERHEAD),
    ("/v1/uploads/", 64 * MB + FORM_OVERHEAD),
    # Image edits: room for a GPT image model's 50 MB upload (and its refusal when larger).
    ("/v1/images/", 128 * MB + FORM_OVERHEAD),
)


def body_limit(path: str, default: int) -> int:
    for prefix, limit in ROUTE_LIMITS:
        if path.startswith(prefix):
            return max(limit, default)
    return default
