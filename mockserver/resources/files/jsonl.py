"""The check the real API makes at upload of a ``batch`` or ``fine-tune`` file: a ``.jsonl``
name, and every line a JSON object (the first line that is not one is named in the 400)."""

from __future__ import annotations

import orjson

from ...http.errors import APIError
from . import errors

# purpose -> the API named in "Invalid file format for ... Must be .jsonl".
JSONL_PURPOSES = {"batch": "Batch API", "fine-tune": "Fine-Tuning API"}
# The real hint quotes the start of the bad line.
HINT_CHARACTERS = 4


def _hint(line: bytes) -> str:
    try:
        return line.decode("utf-8")[:HINT_CHARACTERS]
    except UnicodeDecodeError:
        return repr(line[:HINT_CHARACTERS])  # as the real one shows bytes: b'\xb0\xb2...'


def bad_line(data: bytes) -> APIError | None:
    """The error for the first line of ``data`` that is not a JSON object, or None. A final
    newline ends the last line; it does not start an empty one."""
    lines = data.split(b"\n")
    if len(lines) > 1 and lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            value = None
        if not isinstance(value, dict):
            return errors.line_not_a_dictionary(number, _hint(line.rstrip(b"\r")))
    return None


def check_upload(purpose: str, filename: str, data: bytes) -> None:
    """Raise the real 400 for a ``batch`` or ``fine-tune`` file that is not JSONL."""
    api = JSONL_PURPOSES.get(purpose)
    if api is None:
        return
    if not filename.lower().endswith(".jsonl"):
        raise errors.not_jsonl(api)
    error = bad_line(data)
    if error is not None:
        raise error
