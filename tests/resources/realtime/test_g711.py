"""G.711 audio (GA ``audio/pcmu`` / ``audio/pcma``, beta ``g711_ulaw`` / ``g711_alaw``): the
spoken reply is 8 kHz G.711 that FFmpeg's own decoders (PyAV, in the test) read as the same
speech the PCM16 reply holds, and sent back as input it is heard as the reply's words; server
VAD finds speech by its energy in G.711 input too."""

from __future__ import annotations

from typing import Any

import av
import numpy as np
import numpy.typing as npt
import pytest

from mockserver.generate.audio import speech
from tests.resources.realtime.helpers import append, ask, pcm, session, types

CODECS = {"audio/pcmu": "pcm_mulaw", "audio/pcma": "pcm_alaw"}
BETA = {"OpenAI-Beta": "realtime=v1"}
PREVIEW = "/v1/realtime?model=gpt-4o-realtime-preview"
QUESTION = "Hello, how are you?"
TRANSCRIBE = {"model": "gpt-4o-mini-transcribe"}
# A second of 8 kHz G.711 silence: the code of a zero sample in each law.
SILENCE = {"pcm_mulaw": b"\xff" * 8000, "pcm_alaw": b"\xd5" * 8000}


def _decoded(data: bytes, codec: str) -> npt.NDArray[np.int16]:
    """8 kHz G.711 read by FFmpeg's decoder."""
    decoder: Any = av.CodecContext.create(codec, "r")
    decoder.sample_rate = 8000
    decoder.layout = "mono"
    frames = decoder.decode(av.Packet(data))
    return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype(np.int16)


def _encoded(samples: npt.NDArray[np.int16], codec: str) -> bytes:
    """24 kHz PCM16 as 8 kHz G.711 by FFmpeg (no words in it: audio the mock did not make)."""
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = 24000
    resampler = av.AudioResampler(format="s16", layout="mono", rate=8000)
    encoder: Any = av.CodecContext.create(codec, "w")
    encoder.sample_rate, encoder.layout, encoder.format = 8000, "mono", "s16"
    encoder.open()
    frames = [*resampler.resample(frame), *resampler.resample(None)]
    packets = [p for f in frames for p in encoder.encode(f)] + list(encoder.encode(None))
    return b"".join(bytes(p) for p in packets)


def _g711_session(fmt: str, turn_detection: Any = None) -> dict[str, Any]:
    given = {"format": {"type": fmt}}
    heard = {**given, "transcription": TRANSCRIBE, "turn_detection": turn_detection}
    return {"type": "session.update", "session": {"type": "realtime", "audio": {
        "input": heard, "output": given}}}  # fmt: skip


def _pcm_reply() -> bytes:
    with session() as socket:
        return pcm(ask(socket, QUESTION))


@pytest.mark.parametrize("fmt", CODECS)
def test_a_spoken_reply_in_g711_decodes_to_the_speech_and_is_heard_back(fmt: str) -> None:
    codec = CODECS[fmt]
    with session() as socket:
        socket.send(**_g711_session(fmt))
        updated = socket.recv()["session"]["audio"]
        events = ask(socket, QUESTION)
        reply = pcm(events)
        append(socket, reply + SILENCE[codec])
        socket.send(type="input_audio_buffer.commit")
        heard = socket.until("conversation.item.input_audio_transcription.completed")
    assert updated["input"]["format"] == updated["output"]["format"] == {"type": fmt}
    done = events[-2]["response"]
    assert done["audio"]["output"]["format"] == {"type": fmt}
    said = done["output"][0]["content"][0]["transcript"]
    # 8 kHz, one byte a sample: as long as the PCM16 reply, and the same speech.
    wide = _pcm_reply()
    assert abs(len(reply) - len(wide) / 6) < 1
    decoded = _decoded(reply, codec).astype(np.float64)
    reference = np.frombuffer(wide, dtype="<i2")[::3].astype(np.float64)[: decoded.size]
    assert np.corrcoef(decoded, reference)[0, 1] > 0.9
    # The mock hears its own G.711 speech as the reply's words.
    assert heard[-1]["transcript"] == said
    assert heard[-1]["item_id"] == heard[0]["item_id"]


@pytest.mark.parametrize("fmt", CODECS)
def test_server_vad_hears_g711_speech_and_answers_it(fmt: str) -> None:
    codec = CODECS[fmt]
    said = speech.speak("What is the weather in Paris?", "alloy").samples.astype(np.int16)
    with session() as socket:
        socket.send(**_g711_session(fmt, {"type": "server_vad"}))
        assert socket.recv()["type"] == "session.updated"
        append(socket, SILENCE[codec][:4000] + _encoded(said, codec) + SILENCE[codec])
        events = socket.until("rate_limits.updated")
    kinds = types(events)
    assert kinds[:3] == [
        "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed",
    ]
    started, stopped = events[0], events[1]
    # Speech from 500 ms, announced with the 300 ms of prefix padding.
    assert 150 < started["audio_start_ms"] <= 200 and stopped["audio_end_ms"] > 1500
    # Audio the mock did not make (no words in its codes) gets a transcript of its own.
    completed = next(e for e in events if e["type"].endswith("transcription.completed"))
    assert completed["transcript"]
    assert events[-2]["response"]["status"] == "completed"


@pytest.mark.parametrize("name", ["g711_ulaw", "g711_alaw"])
def test_the_beta_g711_names_speak_and_hear(name: str) -> None:
    codec = {"g711_ulaw": "pcm_mulaw", "g711_alaw": "pcm_alaw"}[name]
    with session(PREVIEW, headers=BETA, beta=True) as socket:
        socket.send(
            type="session.update",
            session={
                "input_audio_format": name,
                "output_audio_format": name,
                "input_audio_transcription": TRANSCRIBE,
                "turn_detection": None,
            },
        )
        updated = socket.recv()["session"]
        events = ask(socket, QUESTION)
        reply = pcm(events, "response.audio.delta")
        append(socket, reply)
        socket.send(type="input_audio_buffer.commit")
        heard = socket.until("conversation.item.input_audio_transcription.completed")
    assert updated["input_audio_format"] == updated["output_audio_format"] == name
    done = events[-2]["response"]
    assert done["output_audio_format"] == name
    assert _decoded(reply, codec).size == len(reply) > 8000
    assert heard[-1]["transcript"] == done["output"][0]["content"][0]["transcript"]


def test_a_g711_format_takes_no_rate() -> None:
    with session() as socket:
        socket.send(
            type="session.update",
            session={
                "type": "realtime",
                "audio": {"input": {"format": {"type": "audio/pcmu", "rate": 8000}}},
            },
        )
        refused = socket.recv()
    assert refused["error"]["code"] == "unknown_parameter"
    assert refused["error"]["param"] == "session.audio.input.format.rate"
