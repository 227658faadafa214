"""The Uploads API's errors. The not-found wording follows the Files API's; the others say
what the API refuses (no real sample of their wording was found)."""

from __future__ import annotations

from ...http.errors import APIError


def upload_not_found(upload_id: str) -> APIError:
    return APIError(404, f"No such Upload object: {upload_id}", param="id")


def not_pending(upload_id: str, status: str, action: str) -> APIError:
    return APIError(
        400, f"Cannot {action} Upload {upload_id}: its status is '{status}', not 'pending'."
    )


def part_too_large(size: int, limit: int) -> APIError:
    return APIError(
        400,
        f"Invalid 'data': a part can be at most {limit} bytes, but got {size} bytes instead.",
        param="data",
    )


def unknown_part(part_id: str, upload_id: str) -> APIError:
    return APIError(
        400, f"No such Part object: {part_id} (in Upload {upload_id})", param="part_ids"
    )


def repeated_part(part_id: str) -> APIError:
    return APIError(400, f"Part {part_id} is listed more than once.", param="part_ids")


def bytes_mismatch(declared: int, received: int) -> APIError:
    return APIError(
        400,
        f"The Upload was created for {declared} bytes, but its parts hold {received} bytes.",
        param="part_ids",
    )


def md5_mismatch(given: str, actual: str) -> APIError:
    return APIError(
        400,
        f"The md5 checksum given ({given}) does not match the uploaded bytes ({actual}).",
        param="md5",
    )
