from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from openai import OpenAI

from clients.audio import UPLOAD_NAMES, speak, transcribe, translate


@pytest.mark.parametrize("fmt", sorted(UPLOAD_NAMES))
def test_speech_saved_to_disk_transcribes_back(client: OpenAI, tmp_path: Path, fmt: str) -> None:
    text = "Please water the plants while I am away."
    path = speak(client, text, tmp_path / f"note.{UPLOAD_NAMES[fmt]}", response_format=fmt)
    assert path.stat().st_size > 1000
    assert transcribe(client, path) == text


def test_translation_of_english_is_itself(client: OpenAI, tmp_path: Path) -> None:
    path = speak(client, "Good night.", tmp_path / "night.mp3", voice="onyx", speed=1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the SDK marks it deprecated
        assert translate(client, path) == "Good night."
