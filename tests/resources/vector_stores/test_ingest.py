"""Text extraction by file type and token chunking with overlap."""

from __future__ import annotations

import io

import pytest

from mockserver import tokens
from mockserver.resources.vector_stores import ingest


def _pdf(text: str) -> bytes:
    # A one-page PDF with a text object: the smallest a reader takes (offsets computed).
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("a.txt", b"plain text", "plain text"),
        ("A.MD", b"# Title\nbody", "# Title\nbody"),
        ("d.json", b'{"k": "v"}', '{"k": "v"}'),
        ("t.csv", b"\xef\xbb\xbfname,age\nAda,36\n", "name,age\nAda,36\n"),
        ("p.html", b"<p>Hello <b>you</b></p><style>p{}</style>", "Hello\nyou"),
        ("doc.pdf", _pdf("Orbital mechanics"), "Orbital mechanics"),
    ],
)
def test_extracts_the_text_learners_upload(name: str, data: bytes, text: str) -> None:
    assert ingest.extract(name, data) == text


@pytest.mark.parametrize(
    ("name", "data", "failure"),
    [
        ("image.png", b"\x89PNG", ingest.UNSUPPORTED),
        ("noextension", b"text", ingest.UNSUPPORTED),
        ("binary.txt", b"\xff\xfe\x00bad", ingest.UNSUPPORTED),
        ("broken.pdf", b"%PDF-1.4 not really", ingest.UNPARSABLE),
    ],
)
def test_what_cannot_be_read_is_a_failure(name: str, data: bytes, failure: ingest.Failure) -> None:
    assert ingest.extract(name, data) == failure


def test_chunks_overlap_as_asked() -> None:
    text = " ".join(f"word{i}" for i in range(400))
    ids = tokens.encode(text, ingest.ENCODING)
    chunks = ingest.chunk(text, ingest.Chunking(max_tokens=100, overlap_tokens=50))
    step = 50
    expected = len(range(0, len(ids) - 100, step)) + 1
    assert len(chunks) == expected
    assert all(tokens.count(c, ingest.ENCODING) <= 100 for c in chunks)
    assert chunks[0] == tokens.decode(ids[:100], ingest.ENCODING)
    assert chunks[1] == tokens.decode(ids[50:150], ingest.ENCODING)
    assert chunks[-1].endswith("word399")


def test_short_and_empty_texts() -> None:
    assert ingest.chunk("short", ingest.AUTO) == ["short"]
    assert ingest.chunk("", ingest.AUTO) == []
