"""The URLs of audio (``client.audio``)."""

from __future__ import annotations

from ...http.endpoint import api
from . import handlers as h

ROUTES = [
    api("/audio/speech", POST=h.create_speech),
    api("/audio/transcriptions", POST=h.create_transcription),
    api("/audio/translations", POST=h.create_translation),
]
