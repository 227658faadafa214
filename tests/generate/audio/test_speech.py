"""Speech from eSpeak NG: real audio in every format, deterministic, timed by text and speed."""

from __future__ import annotations

import io

import av
import numpy as np
import pytest
import soundfile

from mockserver.generate.audio import codec, espeak, speech, tag

TEXT = "The quick brown fox jumps over the lazy dog."
# What a decoder gives: 24 kHz for all but Opus, whose decoders always run at 48 kHz.
DECODED_RATE = {"mp3": 24_000, "opus": 48_000, "aac": 24_000, "flac": 24_000, "wav": 24_000}


@pytest.fixture(scope="module")
def spoken() -> speech.Speech:
    return speech.speak(TEXT, "alloy")


@pytest.mark.parametrize("fmt", sorted(DECODED_RATE))
def test_every_format_decodes_at_its_rate(spoken: speech.Speech, fmt: str) -> None:
    data = speech.render(spoken, fmt, TEXT)
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        assert stream.rate == DECODED_RATE[fmt]
        assert stream.codec_context.channels == 1
    assert abs(samples / DECODED_RATE[fmt] - spoken.seconds) < 0.1


def test_wav_and_flac_open_in_libsndfile_too(spoken: speech.Speech) -> None:
    for fmt in ("wav", "flac"):
        samples, rate = soundfile.read(io.BytesIO(speech.render(spoken, fmt, TEXT)), dtype="int16")
        assert rate == 24_000 and samples.ndim == 1
        assert np.array_equal(samples, spoken.samples)  # lossless: every sample as made


def test_pcm_is_the_bare_24khz_16bit_samples(spoken: speech.Speech) -> None:
    data = speech.render(spoken, "pcm", TEXT)
    assert len(data) == spoken.samples.size * 2
    assert np.array_equal(np.frombuffer(data, dtype="<i2"), spoken.samples)


def test_it_is_sound_not_silence(spoken: speech.Speech) -> None:
    assert np.abs(spoken.samples).max() > 5000
    assert spoken.seconds > 1.5


@pytest.mark.parametrize("fmt", [*sorted(DECODED_RATE), "pcm"])
def test_same_request_same_bytes(fmt: str) -> None:
    first = speech.render(speech.speak("Same words twice.", "echo"), fmt, "Same words twice.")
    speech.speak("Something else in between, in another voice.", "nova", speed=2.0)
    again = speech.render(speech.speak("Same words twice.", "echo"), fmt, "Same words twice.")
    assert first == again


def test_duration_grows_with_the_text_and_shrinks_with_the_speed() -> None:
    short = speech.speak("Hello there.", "onyx").seconds
    long = speech.speak("Hello there. " * 6, "onyx").seconds
    assert long > 4 * short
    durations = [speech.speak(TEXT, "onyx", speed=s).seconds for s in (0.25, 0.5, 1, 2, 4)]
    assert durations == sorted(durations, reverse=True)
    assert durations[0] > 6 * durations[-1]


def test_voices_differ() -> None:
    made = {speech.speak("Voices.", voice).samples.tobytes() for voice in speech.VOICES}
    assert len(made) == len(speech.VOICES)


def test_the_sdk_lists_exactly_these_voices() -> None:
    from typing import get_args

    from openai.types.audio.speech_create_params import Voice

    literal = next(a for a in get_args(Voice) if get_args(a))
    assert set(get_args(literal)) == set(speech.VOICES)


def test_instructions_change_the_delivery() -> None:
    plain = speech.speak(TEXT, "coral").seconds
    slow = speech.speak(TEXT, "coral", instructions="Speak slowly and calm.").seconds
    assert slow > plain


def test_korean_text_is_read_by_the_korean_voice() -> None:
    assert speech.speak("안녕하세요, 반갑습니다.", "nova").seconds > 1.0


def test_nothing_to_say_still_gives_a_short_file() -> None:
    quiet = speech.speak("", "alloy")
    assert quiet.seconds == pytest.approx(speech.MIN_SECONDS, abs=0.05)
    assert codec.decode(speech.render(quiet, "mp3", "")).duration > 0.1


def test_the_text_is_in_tag_and_low_bits_of_each_format(spoken: speech.Speech) -> None:
    for fmt in DECODED_RATE:
        decoded = codec.decode(speech.render(spoken, fmt, TEXT))
        found = tag.from_tags(decoded.tags) or tag.extract(decoded.head)
        assert found == TEXT, fmt
    assert tag.extract(speech.render(spoken, "pcm", TEXT)) == TEXT


def test_espeak_rejects_an_unknown_voice() -> None:
    with pytest.raises(espeak.EspeakError):
        espeak.synthesize("x", "no-such-voice", rate=175, pitch=50)
