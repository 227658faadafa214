"""The words of the mock's speech, carried inside its files so that a transcription gets them
back exactly: as a metadata tag (ID3 in mp3 and aac, Vorbis comments in Ogg Opus and FLAC), and
in the least significant bit of the first samples, which survive where tags do not: the bare
pcm format, a wav file, a client that copies the samples into a file of its own. One bit of
16 changes each sample by at most 1/32768 of full scale: inaudible.

The bits: the magic ``MOCK``, the UTF-8 length (4 bytes, big-endian), the text, its CRC-32.
Audio that was not made by the mock holds neither, and gets a transcript of its own
(``transcript``)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

KEY = "transcript"
MAGIC = b"MOCK"
_HEADER = len(MAGIC) + 4


def payload(text: str) -> bytes:
    data = text.encode("utf-8")
    return MAGIC + len(data).to_bytes(4, "big") + data + zlib.crc32(data).to_bytes(4, "big")


def embed(samples: npt.NDArray[np.int16], text: str) -> npt.NDArray[np.int16]:
    """``samples`` with the text in their low bits (silence appended when they are too few)."""
    import numpy as np

    bits = np.unpackbits(np.frombuffer(payload(text), dtype=np.uint8)).astype(np.int16)
    if samples.size < bits.size:
        samples = np.concatenate([samples, np.zeros(bits.size - samples.size, dtype=np.int16)])
    out = samples.copy()
    out[: bits.size] = (out[: bits.size] & ~np.int16(1)) | bits
    return out


def _bytes_at(low_bits: npt.NDArray[np.uint8], start: int, count: int) -> bytes:
    import numpy as np

    return np.packbits(low_bits[start * 8 : (start + count) * 8]).tobytes()


def extract(head: bytes) -> str | None:
    """The text in the low bits of little-endian 16-bit ``head``, or None."""
    import numpy as np

    samples = np.frombuffer(head[: len(head) // 2 * 2], dtype="<i2")
    low = (samples & 1).astype(np.uint8)
    if low.size < _HEADER * 8 or _bytes_at(low, 0, len(MAGIC)) != MAGIC:
        return None
    size = int.from_bytes(_bytes_at(low, len(MAGIC), 4), "big")
    if low.size < (_HEADER + size + 4) * 8:
        return None
    data = _bytes_at(low, _HEADER, size)
    if _bytes_at(low, _HEADER + size, 4) != zlib.crc32(data).to_bytes(4, "big"):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def from_tags(tags: Mapping[str, str]) -> str | None:
    """The text of the metadata tag, whatever case the container gave its key."""
    for key, value in tags.items():
        if key.lower() == KEY:
            return value
    return None
