"""Transcripts: the mock's own words back, or words as many as the audio's duration holds."""

from __future__ import annotations

import io

import srt
import webvtt

from mockserver.generate.audio import codec, speech, transcript


def decoded(seconds: float) -> codec.Decoded:
    return codec.Decoded("wav", "pcm_s16le", 24_000, seconds)


def test_the_mocks_speech_is_heard_exactly() -> None:
    text = "Round trips teach. Do they not?"
    data = speech.render(speech.speak(text, "sage"), "mp3", text)
    heard = transcript.hear(codec.decode(data), data, seed=0)
    assert heard.text == text and heard.from_speech and heard.language == "en"


def test_other_audio_gets_words_in_proportion_to_its_duration() -> None:
    for seconds in (2.0, 10.0, 60.0):
        heard = transcript.hear(decoded(seconds), b"some other bytes", seed=0)
        assert not heard.from_speech
        assert len(heard.text.split()) == round(seconds * transcript.WORDS_PER_SECOND)
    assert transcript.hear(decoded(0.2), b"x", seed=0).text == ""


def test_the_synthetic_transcript_is_deterministic_per_seed_and_file() -> None:
    one = transcript.synthetic(8.0, 0, b"a")
    assert one == transcript.synthetic(8.0, 0, b"a")
    assert one != transcript.synthetic(8.0, 1, b"a")
    assert one != transcript.synthetic(8.0, 0, b"b")


def test_timeline_covers_the_duration_in_order() -> None:
    text = "First sentence here. And a second one! Third?"
    segments = transcript.timeline(text, 6.0)
    assert [s.text for s in segments] == ["First sentence here.", "And a second one!", "Third?"]
    starts = [w.start for s in segments for w in s.words]
    assert starts == sorted(starts) and starts[0] == 0.0
    assert 5.5 <= segments[-1].end <= 6.0
    assert all(w.start <= w.end for s in segments for w in s.words)


def test_a_long_sentence_is_cut_at_thirty_seconds() -> None:
    segments = transcript.timeline(" ".join(["word"] * 50), 70.0)
    assert len(segments) >= 3
    assert all(s.end - s.start <= transcript.SEGMENT_SECONDS for s in segments)


def test_srt_and_vtt_parse_with_subtitle_libraries() -> None:
    segments = transcript.timeline("One. Two words. Three words here.", 12.5)
    cues = list(srt.parse(transcript.srt(segments)))
    assert [c.content for c in cues] == ["One.", "Two words.", "Three words here."]
    assert cues[-1].end.total_seconds() == segments[-1].end
    vtt = webvtt.from_buffer(io.StringIO(transcript.vtt(segments)))
    assert [c.text for c in vtt] == ["One.", "Two words.", "Three words here."]
    assert vtt[-1].end == "00:00:12.130" and vtt[-1].start == "00:00:05.880"


def test_hours_are_written_as_subtitles_write_them() -> None:
    (segment,) = transcript.timeline("Late.", 3725.5 * 6 / 5)
    assert transcript.srt([segment]).splitlines()[1] == "00:00:00,000 --> 01:02:05,500"
    assert transcript.vtt([segment]).splitlines()[2] == "00:00:00.000 --> 01:02:05.500"


def test_compression_ratio_is_zlibs() -> None:
    assert transcript.compression_ratio("") == 0.0
    assert transcript.compression_ratio("ab" * 100) > 5
