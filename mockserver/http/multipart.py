"""Multipart request bodies (uploads: files, images, audio), parsed once at the edge into a
typed ``Form``. The API middleware has already buffered the body within the route's limit, so
the parts are read from memory by python-multipart, with no temporary files."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from . import errors
from .body import request_body
from .errors import APIError

MULTIPART = "multipart/form-data"
# python-multipart logs every malformed body it meets as a warning; the client gets the 400,
# and a fuzzer's bodies must not flood the server's log.
logging.getLogger("python_multipart.multipart").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Upload:
    """One file part: its field name, the client's filename, its declared type and bytes."""

    name: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Form:
    """The parts of a multipart body, in the order sent: text fields and file parts."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[Upload]] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Every field name sent, text or file, each once, in order of first appearance."""
        return list(dict.fromkeys([*self.fields, *self.files]))

    def text(self, name: str) -> str | None:
        """The last value of a text field (a repeated field keeps its last, as form parsers
        do), or None when it was not sent."""
        values = self.fields.get(name)
        return values[-1] if values else None

    def texts(self, name: str) -> list[str]:
        """Every value of a repeated text field (``timestamp_granularities[]``)."""
        return list(self.fields.get(name, ()))

    def file(self, name: str) -> Upload | None:
        """The first file sent under ``name``, or None."""
        uploads = self.files.get(name)
        return uploads[0] if uploads else None

    def only(self, known: Collection[str]) -> None:
        """The real 400 for the first field sent that is not one of ``known``."""
        for name in self.names():
            if name not in known:
                raise errors.unrecognized_argument(name)

    def required_file(self, name: str) -> Upload:
        """The file sent under ``name``; the real 400 when there is none."""
        upload = self.file(name)
        if upload is None:
            raise errors.missing_parameter(name)
        return upload

    def uploads(self, name: str) -> list[Upload]:
        """Every file sent under ``name`` (several images for ``image[]``)."""
        return list(self.files.get(name, ()))


def unparsable(reason: str) -> APIError:
    return APIError(400, f"Could not parse the multipart form body of your request: {reason}.")


def parse_form(content_type: str, body: bytes) -> Form:
    """``body`` as a Form, or the 4xx a client can act on: 415 for another content type, 400
    for a missing boundary, a malformed or truncated body, or text that is not UTF-8."""
    kind, options = parse_options_header(content_type)
    if kind.decode("latin-1").lower() != MULTIPART:
        raise errors.multipart_expected(content_type or "none")
    boundary = options.get(b"boundary")
    if not boundary:
        raise unparsable("the Content-Type header has no boundary")
    parts: list[tuple[str, str | None, str, bytearray]] = []
    header_name = bytearray()
    header_value = bytearray()
    headers: dict[bytes, bytes] = {}
    done = [False]

    def on_part_begin() -> None:
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_name).lower()] = bytes(header_value)
        header_name.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        disposition, params = parse_options_header(headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in params:
            raise unparsable("a part has no Content-Disposition form-data name")
        filename = params.get(b"filename")
        parts.append(
            (
                params[b"name"].decode("utf-8", "replace"),
                None if filename is None else filename.decode("utf-8", "replace"),
                headers.get(b"content-type", b"").decode("latin-1"),
                bytearray(),
            )
        )

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1][3].extend(data[start:end])

    def on_end() -> None:
        done[0] = True

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_end": on_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        raise unparsable("the body is not valid multipart/form-data") from None
    if not done[0]:
        raise unparsable("the body ends before its closing boundary")
    return _form(parts)


def _form(parts: list[tuple[str, str | None, str, bytearray]]) -> Form:
    fields: dict[str, list[str]] = {}
    files: dict[str, list[Upload]] = {}
    for name, filename, content_type, data in parts:
        if filename is None:
            try:
                fields.setdefault(name, []).append(data.decode("utf-8"))
            except UnicodeDecodeError:
                raise unparsable(f"the field '{name}' is not UTF-8 text") from None
        else:
            upload = Upload(name, filename, content_type or "application/octet-stream", bytes(data))
            files.setdefault(name, []).append(upload)
    return Form(fields, files)


async def form_body(request: Request) -> Form:
    """The request's multipart form (see ``parse_form``)."""
    return parse_form(request.headers.get("content-type", ""), await request_body(request))
