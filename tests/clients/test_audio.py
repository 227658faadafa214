from __future__ import annotations

from pathlib import Path

import pytest
from openai import OpenAI

from clients.audio import SPEECH_FORMATS, speak, speech_format, transcribe, translate

TEXT = "The quick brown fox jumps over the lazy dog."
# What each format's file starts with.
MAGIC = {"mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3"), "flac": (b"fLaC",), "wav": (b"RIFF",)}


def test_the_suffix_names_the_format() -> None:
    assert speech_format(Path("a.MP3")) == "mp3"
    assert set(SPEECH_FORMATS.values()) == {"mp3", "opus", "aac", "flac", "wav", "pcm"}
    with pytest.raises(ValueError, match="speech comes as"):
        speech_format(Path("a.ogg"))


@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_speech_to_a_file(client: OpenAI, tmp_path: Path, fmt: str) -> None:
    path = speak(client, TEXT, tmp_path / f"fox.{fmt}")
    assert path.read_bytes().startswith(MAGIC[fmt])


def test_speech_comes_back_as_its_text(client: OpenAI, tmp_path: Path) -> None:
    path = speak(client, TEXT, tmp_path / "fox.mp3")
    assert transcribe(client, path).text == TEXT
    assert translate(client, path).text
