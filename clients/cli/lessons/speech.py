from __future__ import annotations

import argparse
from pathlib import Path

from ...audio import VOICE, speak, transcribe, translate
from ..lesson import Context, Lesson
from ..text import T

SAMPLE = "Hello! This sentence was spoken by the text to speech endpoint."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", default=SAMPLE)
    parser.add_argument("--model", default="tts-1")
    parser.add_argument("--voice", default=VOICE)
    parser.add_argument("--out", type=Path, default=Path("speech.mp3"), help="mp3, wav, flac...")


def run(ctx: Context) -> None:
    args, teach = ctx.args, ctx.teach
    teach.heading(T("Audio: text to speech and back", "오디오: 텍스트를 음성으로, 다시 텍스트로"))
    path = speak(ctx.client, args.text, args.out, model=args.model, voice=args.voice)
    teach.value(
        T("saved", "저장"),
        f"{path} ({path.stat().st_size} bytes)",
        T("the format follows the file suffix", "형식은 파일 확장자를 따릅니다"),
    )
    heard = transcribe(ctx.client, path)
    teach.value(
        T("transcription", "받아쓰기"),
        heard.text,
        T("whisper-1 writes down what it hears", "whisper-1 이 들은 것을 적습니다"),
    )
    english = translate(ctx.client, path)
    teach.value(
        T("translation", "번역"),
        english.text,
        T("always into English", "언제나 영어로"),
    )
    teach.result(heard, fields=False)


LESSON = Lesson(
    name="speech",
    order=28,
    summary=T(
        "Text to speech to a file, then transcribe and translate it",
        "텍스트를 음성 파일로 만들고 받아쓰기와 번역",
    ),
    run=run,
    add_arguments=add_arguments,
)
