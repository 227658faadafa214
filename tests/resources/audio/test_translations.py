"""POST /v1/audio/translations (whisper-1): English text in every format."""

from __future__ import annotations

from typing import Any

import pytest
import srt
from openai.types.audio import Translation, TranslationVerbose

from tests.conftest import envelope

from .helpers import checked, speech_bytes, upload


def test_english_speech_translates_to_itself(openai_client: Any, mock_http: Any) -> None:
    audio = speech_bytes(mock_http, "Good morning, everyone.", response_format="mp3")
    # The installed SDK marks translations deprecated; the endpoint still answers.
    with pytest.warns(DeprecationWarning):
        result = openai_client.audio.translations.create(model="whisper-1", file=("a.mp3", audio))
    assert result.text == "Good morning, everyone."


def test_korean_speech_becomes_english_words(mock_http: Any) -> None:
    audio = speech_bytes(mock_http, "안녕하세요, 여러분. 좋은 아침입니다.", response_format="wav")
    response = upload(mock_http, audio, path="translations")
    data = checked(response, Translation, "CreateTranslationResponseJson")
    assert data["text"].isascii() and data["text"]
    fields = {"response_format": "verbose_json"}
    verbose = checked(upload(mock_http, audio, path="translations", fields=fields),
                      TranslationVerbose, "CreateTranslationResponseVerboseJson")  # fmt: skip
    assert verbose["task"] == "translate" and verbose["language"] == "english"
    assert verbose["text"] == data["text"] and "usage" not in verbose


@pytest.mark.parametrize("fmt", ["text", "srt", "vtt"])
def test_text_formats(mock_http: Any, fmt: str) -> None:
    audio = speech_bytes(mock_http, "One more thing.", response_format="flac")
    response = upload(mock_http, audio, "a.flac", path="translations",
                      fields={"response_format": fmt})  # fmt: skip
    assert response.status_code == 200
    if fmt == "srt":
        assert [c.content for c in srt.parse(response.text)] == ["One more thing."]
    elif fmt == "vtt":
        assert response.text.startswith("WEBVTT\n\n00:00:00.000 --> ")
    else:
        assert response.text == "One more thing.\n"


@pytest.mark.parametrize(
    ("fields", "status", "param"),
    [({"model": "gpt-4o-transcribe"}, 404, "model"),
     ({"response_format": "diarized_json"}, 400, "response_format"),
     ({"language": "en"}, 400, None),
     ({"stream": "true"}, 400, None)],
)  # fmt: skip
def test_translation_refusals(
    mock_http: Any, fields: dict[str, Any], status: int, param: str | None
) -> None:
    audio = speech_bytes(mock_http, "x", response_format="wav")
    response = upload(mock_http, audio, path="translations", fields=fields)
    assert response.status_code == status, response.text
    assert envelope(response)["param"] == param
