"""What a vector store makes of a file: its text (by file type), cut into overlapping token
chunks as the ``chunking_strategy`` asks. Pure functions of the file's name and bytes.

An unsupported or unreadable file is not an HTTP error: it fails that one vector store file,
with the ``last_error`` the real API gives (``Failure``)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from html.parser import HTMLParser

from ... import tokens

# The tokenizer the chunk sizes are counted in.
ENCODING = "cl100k_base"
# The ``auto`` strategy: what the API reference says it currently uses.
AUTO_MAX_TOKENS = 800
AUTO_OVERLAP_TOKENS = 400

# Read as UTF-8 text as they are. The real API reads source code the same way; csv is the
# learner's table of facts.
TEXT_TYPES = frozenset(
    {
        "txt", "md", "markdown", "json", "csv", "c", "cpp", "cs", "css", "go", "java", "js",
        "php", "py", "rb", "sh", "tex", "ts",
    }
)  # fmt: skip
HTML_TYPES = frozenset({"html", "htm"})
PDF_TYPES = frozenset({"pdf"})
# HTML elements whose text is not the document's.
_SKIPPED_ELEMENTS = frozenset({"script", "style", "head", "title", "noscript"})


@dataclass(frozen=True)
class Failure:
    """A file the API could not ingest: ``last_error`` as the real API words it."""

    code: str
    message: str

    def to_api(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


UNSUPPORTED = Failure("unsupported_file", "The file type is not supported.")
UNPARSABLE = Failure("invalid_file", "The file could not be parsed.")


@dataclass(frozen=True)
class Chunking:
    max_tokens: int
    overlap_tokens: int

    def to_api(self) -> dict[str, object]:
        # ``auto`` is reported as the static sizes it stands for, as the real API does.
        return {
            "type": "static",
            "static": {
                "max_chunk_size_tokens": self.max_tokens,
                "chunk_overlap_tokens": self.overlap_tokens,
            },
        }


AUTO = Chunking(AUTO_MAX_TOKENS, AUTO_OVERLAP_TOKENS)


def file_type(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # imported on first use: most stores hold no PDF
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs in a damaged file; the file's status says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages).strip()
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise _Unparsable() from exc


class _Unparsable(Exception):
    pass


def extract(filename: str, data: bytes) -> str | Failure:
    """The text of a file, or why it cannot be had."""
    kind = file_type(filename)
    try:
        if kind in PDF_TYPES:
            return pdf_text(data)
        if kind not in TEXT_TYPES and kind not in HTML_TYPES:
            return UNSUPPORTED
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return UNSUPPORTED  # binary bytes under a text name
        return html_text(text) if kind in HTML_TYPES else text
    except _Unparsable:
        return UNPARSABLE


def chunk(text: str, chunking: Chunking) -> list[str]:
    """Windows of ``max_tokens`` tokens, each starting ``max_tokens - overlap_tokens`` after
    the one before; the last window ends at the text's end."""
    ids = tokens.encode(text, ENCODING)
    if not ids:
        return []
    step = chunking.max_tokens - chunking.overlap_tokens
    chunks = []
    start = 0
    while True:
        window = ids[start : start + chunking.max_tokens]
        chunks.append(tokens.decode(window, ENCODING))
        if start + chunking.max_tokens >= len(ids):
            return chunks
        start += step
